package io.touchline.playbook.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SimulationTest {

    private static final Instant MONDAY = Instant.parse("2026-11-30T09:00:00Z");
    private static final Playbook RED = new Playbook("red", 2, "Red", PlaybookState.DISABLED,
            new Trigger("HEALTH_BAND_CHANGED", java.util.Set.of(), java.util.Set.of(), java.util.Set.of("red"),
                    java.util.Set.of(), null, null),
            List.of(new Action.Task("Call", List.of(), Priority.HIGH, 2),
                    new Action.Message(Channel.EMAIL, "check-in", Audience.PRIMARY_CONTACT)),
            new GuardRails(Duration.ofDays(7), 1, GuardRails.DEFAULT_NEVER));

    private static SignalFacts red(String account, String tier, int day) {
        return new SignalFacts("t1", account, account + "-" + day, "HEALTH_BAND_CHANGED",
                MONDAY.plus(Duration.ofDays(day)), 40, "red", tier, "adoption", 0.3, "medium", null, "ceo@" + account,
                List.of(), null);
    }

    @Test
    void itDecidesEverySignalAsTheLivePlaybookWouldAndCountsByTierWeekAndAccount() {
        Simulation simulation = new Simulation(RED, TenantSettings.DEFAULT, false);
        // acme (high-touch): day 0 fires; day 3 in cooldown; day 9 past it, but the day-0 task is still open.
        simulation.accept(red("acme", "high-touch", 0));
        simulation.accept(red("acme", "high-touch", 3));
        simulation.accept(red("acme", "high-touch", 9));
        // beta (tech-touch): never a task; the email on day 1 and, the cooldown and cap window over, on day 8.
        simulation.accept(red("beta", "tech-touch", 1));
        simulation.accept(red("beta", "tech-touch", 8));
        // A yellow band change does not match.
        simulation.accept(new SignalFacts("t1", "beta", "y", "HEALTH_BAND_CHANGED", MONDAY, 60, "yellow", "tech-touch",
                "adoption", 0.2, "low", null, null, List.of(), null));

        Simulation.Report report = simulation.report(10);

        assertThat(report.signals()).isEqualTo(6);
        assertThat(report.matched()).isEqualTo(5);
        assertThat(report.tasks()).isEqualTo(1);
        assertThat(report.messages()).isEqualTo(4);
        assertThat(report.suppressed()).isEqualTo(Map.of("cooldown", 2, "duplicate", 1, "never-rule", 2));
        assertThat(report.byTier()).isEqualTo(Map.of("high-touch", new Simulation.Counts(1, 2, 3),
                "tech-touch", new Simulation.Counts(0, 2, 2)));
        assertThat(report.byWeek()).containsExactly(
                new Simulation.Week(LocalDate.parse("2026-11-30"), 1, 2, 3),
                new Simulation.Week(LocalDate.parse("2026-12-07"), 0, 2, 2));
        assertThat(report.accounts()).containsExactly(
                new Simulation.AccountResult("acme", "high-touch", 1, 2, 3),
                new Simulation.AccountResult("beta", "tech-touch", 0, 2, 2));
        assertThat(report.accountsTruncated()).isFalse();
        assertThat(simulation.report(1).accounts()).extracting(Simulation.AccountResult::accountId).containsExactly("acme");
        assertThat(simulation.report(1).accountsTruncated()).isTrue();
    }

    @Test
    void tasksCompletedAtTheirDueDateFreeTheNextOne() {
        Simulation open = new Simulation(RED, TenantSettings.DEFAULT, false);
        Simulation worked = new Simulation(RED, TenantSettings.DEFAULT, true);
        for (int day : new int[] { 0, 9 }) {
            open.accept(red("acme", "high-touch", day));
            worked.accept(red("acme", "high-touch", day));
        }
        assertThat(open.report(10).tasks()).isEqualTo(1);
        assertThat(worked.report(10).tasks()).isEqualTo(2);
    }

    @Test
    void weeksStartOnMondayInTheTenantsTimeZone() {
        TenantSettings tokyo = new TenantSettings(ZoneId.of("Asia/Tokyo"), Map.of(), "cs-team");
        Simulation simulation = new Simulation(RED, tokyo, false);
        // Sunday 20:00 UTC is Monday 05:00 in Tokyo.
        simulation.accept(new SignalFacts("t1", "acme", "s", "HEALTH_BAND_CHANGED", Instant.parse("2026-12-06T20:00:00Z"),
                40, "red", "high-touch", "adoption", 0.3, "medium", null, null, List.of(), null));
        assertThat(simulation.report(10).byWeek()).extracting(Simulation.Week::weekStart)
                .containsExactly(LocalDate.parse("2026-12-07"));
    }
}
