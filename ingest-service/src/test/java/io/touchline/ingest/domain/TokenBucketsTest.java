package io.touchline.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TokenBucketsTest {

    static final long MILLI = 1_000_000L;

    @ParameterizedTest(name = "{0} taken at 0, then {1} at {2} ms: wait {3} ms")
    @CsvSource({
            // rate 10/s, burst 50: a full bucket gives the burst at once
            "0, 50, 0, 0",
            "0, 51, 0, 0",
            // after the burst it refills at 10 a second
            "50, 1, 0, 100",
            "50, 1, 100, 0",
            "50, 5, 100, 400",
            "50, 10, 1000, 0",
            "50, 11, 1000, 100",
            // a request larger than the burst needs a full bucket
            "1, 60, 0, 100",
            "50, 60, 4000, 1000",
            // it never holds more than the burst
            "0, 51, 60000, 0",
            "50, 51, 60000, 0",
    })
    void aBucketRefillsAtItsRateUpToItsBurst(int first, int then, long atMillis, long waitMillis) {
        TokenBuckets buckets = new TokenBuckets(10, 50, 1 << 20);
        long start = 7_000 * MILLI;
        assertThat(buckets.take("k", first, start)).isEqualTo(Duration.ZERO);
        assertThat(buckets.take("k", then, start + atMillis * MILLI)).isEqualTo(Duration.ofMillis(waitMillis));
    }

    @Test
    void keysHaveBucketsOfTheirOwnAndARefusalTakesNothing() {
        TokenBuckets buckets = new TokenBuckets(1, 3, 1 << 20);
        assertThat(buckets.take("a", 3, 0)).isEqualTo(Duration.ZERO);
        assertThat(buckets.take("a", 1, 0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(buckets.take("b", 3, 0)).isEqualTo(Duration.ZERO);
        // the refused request took nothing: two seconds later, two tokens are there
        assertThat(buckets.take("a", 2, 2_000 * MILLI)).isEqualTo(Duration.ZERO);
        assertThat(buckets.take("a", 1, 2_000 * MILLI)).isEqualTo(Duration.ofSeconds(1));
        buckets.giveBack("a", 1);
        assertThat(buckets.take("a", 1, 2_000 * MILLI)).isEqualTo(Duration.ZERO);
    }

    @Test
    void theMemoryBoundCapsHowManyKeysAreTracked() {
        TokenBuckets buckets = new TokenBuckets(1, 1, 100 * TokenBuckets.BYTES_PER_BUCKET);
        for (int i = 0; i < 10_000; i++) {
            buckets.take("address-" + i, 1, 0);
        }
        assertThat(buckets.tracked()).isBetween(1L, 100L);
    }
}
