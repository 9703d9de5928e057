package io.touchline.notification.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(15), 8);

    @ParameterizedTest(name = "attempt {0}, random {1}: wait {2} ms")
    @CsvSource(delimiter = '|', textBlock = """
            1  | 0.0    | 2500
            1  | 0.5    | 3750
            1  | 0.9999 | 5000
            2  | 0.0    | 5000
            3  | 0.0    | 10000
            4  | 0.5    | 30000
            8  | 0.0    | 320000
            9  | 0.0    | 450000
            9  | 0.9999 | 899955
            60 | 0.0    | 450000
            """)
    void theWaitDoublesPerAttemptUpToTheMaximumWithJitterBetweenHalfAndAll(int attempt, double random, long millis) {
        assertThat(backoff.delay(attempt, random)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest(name = "after attempt {0} of 8: another {1}")
    @CsvSource({ "1, true", "7, true", "8, false", "9, false" })
    void attemptsStopAtTheBound(int attempt, boolean retries) {
        assertThat(backoff.retries(attempt)).isEqualTo(retries);
    }
}
