package io.touchline.scoring.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class ScoreMemoryTest {

    private static final Instant T0 = Instant.parse("2026-11-24T00:00:00Z");

    @Test
    void keepsTheFiveLargestMovesOfTheLastSevenDaysLargestFirstAndEarlierFirstAmongEquals() {
        // trigger, hours after T0, from, to; then the triggers kept, in order.
        Object[][] steps = {
                { "a", 0, 50.0, 60.0, List.of("a") },
                { "b", 1, 60.0, 60.0, List.of("a") },
                { "c", 2, 60.0, 40.0, List.of("c", "a") },
                { "d", 3, 40.0, 30.0, List.of("c", "a", "d") },
                { "e", 4, 30.0, 35.0, List.of("c", "a", "d", "e") },
                { "f", 5, 35.0, 36.0, List.of("c", "a", "d", "e", "f") },
                { "g", 6, 36.0, 36.5, List.of("c", "a", "d", "e", "f") },
                { "h", 7, 36.5, 66.5, List.of("h", "c", "a", "d", "e") },
                { "i", 8, 66.5, 56.5, List.of("h", "c", "a", "d", "i") },
                // Eight days on, only moves of the last seven days are kept.
                { "j", 24 * 7 + 3, 56.5, 58.5, List.of("h", "d", "i", "j") },
        };
        ScoreMemory memory = new ScoreMemory();
        for (Object[] step : steps) {
            memory.remember(new ScoreMemory.Move((String) step[0], "event",
                    T0.plus(Duration.ofHours((int) step[1])), (double) step[2], (double) step[3]));
            assertThat(memory.moves).as("after %s", step[0]).extracting(ScoreMemory.Move::trigger)
                    .isEqualTo(step[4]);
        }
    }
}
