package io.touchline.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.touchline.simulator.domain.Profile;
import io.touchline.simulator.domain.SimulatedAccount;
import io.touchline.simulator.domain.Simulation;

class SimulationTest {

    static final LocalDate START = LocalDate.of(2026, 9, 1);

    @Test
    void theSameSeedGivesTheSameEventsAndAnotherSeedOthers() {
        assertThat(events(new Simulation(7, 12, START, 28))).isEqualTo(events(new Simulation(7, 12, START, 28)));
        assertThat(events(new Simulation(8, 12, START, 28))).isNotEqualTo(events(new Simulation(7, 12, START, 28)));
    }

    @Test
    void everyProfileAndEveryTierIsPresent() {
        List<SimulatedAccount> accounts = new Simulation(42, 60, START, 56).accounts();

        assertThat(accounts).extracting(SimulatedAccount::profile).containsAll(List.of(Profile.values()));
        assertThat(accounts.stream().map(SimulatedAccount::expectedTier).collect(Collectors.toSet()))
                .isEqualTo(Set.of("high-touch", "low-touch", "tech-touch"));
        assertThat(accounts).allSatisfy(a -> assertThat(a.churnsOn() != null).isEqualTo(a.profile().churns()));
        assertThat(accounts).filteredOn(a -> a.expectedTier().equals("tech-touch"))
                .allSatisfy(a -> assertThat(a.csmOwner()).isNull());
    }

    @ParameterizedTest
    @CsvSource({ "3, 1, 1, 1", "12, 3, 4, 5", "20, 4, 7, 9", "60, 12, 21, 27" })
    void everyTierIsPresentHoweverFewAccountsAndTheSpreadIsABooks(int size, long high, long low, long tech) {
        for (long seed = 1; seed <= 50; seed++) {
            Map<String, Long> tiers = new Simulation(seed, size, START, 28).accounts().stream()
                    .collect(Collectors.groupingBy(SimulatedAccount::expectedTier, Collectors.counting()));

            assertThat(tiers).as("seed " + seed).isEqualTo(Map.of("high-touch", high, "low-touch", low, "tech-touch", tech));
        }
    }

    @Test
    void eventsAreInTimeOrderAndEachAccountBehavesAsItsProfileSays() {
        Simulation simulation = new Simulation(42, 12, START, 56);
        List<ObjectNode> events = events(simulation);
        Map<String, SimulatedAccount> byId = new HashMap<>();
        simulation.accounts().forEach(a -> byId.put(a.accountId(), a));

        for (int i = 1; i < events.size(); i++) {
            assertThat(events.get(i).get("timestamp").asText()).isGreaterThanOrEqualTo(
                    events.get(i - 1).get("timestamp").asText());
        }
        assertThat(events).extracting(e -> e.get("messageId").asText()).doesNotHaveDuplicates();
        for (SimulatedAccount a : simulation.accounts()) {
            List<ObjectNode> own = events.stream().filter(e -> a.accountId().equals(account(e))).toList();
            List<ObjectNode> usage = own.stream().filter(e -> e.get("type").asText().equals("track")).toList();
            if (a.churnsOn() != null) {
                ObjectNode last = own.get(own.size() - 1);
                assertThat(last.at("/traits/status").asText()).as(a.accountId()).isEqualTo("churned");
                assertThat(last.at("/traits/churnedAt").asText()).isEqualTo(a.churnsOn().toString());
            }
            if (a.silentFrom() != null) {
                assertThat(usage).allSatisfy(e -> assertThat(e.get("timestamp").asText())
                        .isLessThan(a.silentFrom().toString()));
            }
            long steps = usage.stream().filter(e -> e.get("event").asText().equals("Setup Step Completed")).count();
            assertThat(steps).as(a.accountId()).isEqualTo(a.profile() == Profile.ONBOARDING_STALLS ? 2 : 5);
            long contactChanges = own.stream().filter(e -> e.get("type").asText().equals("group"))
                    .filter(e -> e.at("/traits/primaryContact").isTextual()).count();
            assertThat(contactChanges).as(a.accountId()).isEqualTo(a.profile() == Profile.CONTACT_CHANGES ? 2 : 1);
        }
    }

    private static String account(ObjectNode e) {
        return e.has("groupId") ? e.get("groupId").asText() : e.at("/context/groupId").asText();
    }

    private static List<ObjectNode> events(Simulation simulation) {
        List<ObjectNode> events = new ArrayList<>();
        simulation.events(events::add);
        return events;
    }
}
