package io.touchline.scoring.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openjdk.jol.info.GraphLayout;

import io.touchline.scoring.domain.ScoreMemory;

/** The account cache's byte budget rests on each row's estimate: it must track the heap it really takes. */
class AccountRowFootprintTest {

    static {
        // Unsafe refuses the offsets of a record's fields (ScoreMemory.Move); JOL then finds them itself.
        System.setProperty("jol.magicFieldOffset", "true");
    }

    private static final Instant T0 = Instant.parse("2026-11-24T00:00:00Z");
    private static final LocalDate D0 = LocalDate.parse("2026-11-24");

    @ParameterizedTest(name = "{0} users, {1} features, {2} days, {3} moves")
    @CsvSource({
            "0, 0, 0, 0",
            "5, 5, 10, 1",
            "25, 15, 30, 5",
            "200, 40, 35, 5",
            "2000, 60, 35, 5",
    })
    void theEstimateIsWithinAFifthOfTheMeasuredHeap(int users, int features, int days, int moves) {
        AccountRow row = account(users, features, days, moves);

        long measured = GraphLayout.parseInstance(row).totalSize();

        assertThat((double) row.estimatedBytes() / measured).as("estimated %d, measured %d bytes",
                row.estimatedBytes(), measured).isBetween(0.8, 1.2);
    }

    /** An account as decoding a stored one builds it: every string and date its own object. */
    private static AccountRow account(int users, int features, int days, int moves) {
        AccountRow row = AccountRow.fresh("acme", "account-" + users, T0);
        row.band = new String("yellow");
        row.churnLevel = new String("low");
        row.tier = new String("low-touch");
        row.stage = new String("adopting");
        row.trend7d = 1.5;
        row.trend30d = -2.5;
        row.lastActivityAt = T0;
        row.nextCheckAt = T0.plusSeconds(3600);
        row.state.name = "Account " + users;
        row.state.plan = new String("growth");
        row.state.currency = new String("EUR");
        row.state.csmOwner = "csm-" + users + "@acme.test";
        row.state.mrr = new java.math.BigDecimal("1250.00");
        row.state.seats = 40;
        row.state.renewalDate = D0.plusDays(200);
        for (int i = 0; i < users; i++) {
            row.state.userLastActive.put("user-" + i + "@acme.test", D0.minusDays(i % 30));
        }
        for (int i = 0; i < features; i++) {
            row.state.featureLastUsed.put("feature-" + i, D0.minusDays(i % 30));
        }
        for (int i = 0; i < days; i++) {
            row.state.dailyEvents.put(D0.minusDays(i), 100 + i * 37);
            row.memory.dailyClose.put(D0.minusDays(i), 60.0 + i);
            row.memory.dailyHigh.put(D0.minusDays(i), 61.0 + i);
        }
        if (days > 0) {
            row.state.setupSteps.add("step-" + days);
            row.state.importance.add("strategic-" + days);
            row.state.contactChanges.add(D0.minusDays(days));
            row.memory.episodes.put("health.drop-" + days, "episode-" + days);
        }
        for (int i = 0; i < moves; i++) {
            row.memory.moves.add(new ScoreMemory.Move(new String("event"), "usage.event-" + i, T0.minusSeconds(i), 60, 55));
        }
        return row;
    }
}
