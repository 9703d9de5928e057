package io.touchline.scoring.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The dedupe window in memory stays within its bytes, forgetting the oldest polls first. */
class SeenIdsMemoryTest {

    private static final Instant T0 = Instant.parse("2026-11-24T00:00:00Z");
    private static final TopicPartition P0 = new TopicPartition("usage-events", 0);
    private static final TopicPartition P1 = new TopicPartition("usage-events", 1);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void aDaysTrafficPastTheBudgetKeepsTheNewestIdsAndNeverTheMemory() {
        long budget = 8L << 20;
        SeenIds seen = new SeenIds(null, Duration.ofHours(24), budget, registry);
        // 3,000,000 ids in polls of 2,000 a second apart over two partitions: 4.5 times what 8 MiB holds.
        int polls = 1_500;
        long peak = 0;
        for (int p = 0; p < polls; p++) {
            TopicPartition partition = p % 2 == 0 ? P0 : P1;
            SeenWindow window = seen.window(partition);
            window.advance(window.generation(), new SeenWindow.Poll(p + 1, T0.plusSeconds(p), ids(p, 2_000)));
            seen.fit();
            peak = Math.max(peak, seen.bytes());
        }

        assertThat(peak).isLessThanOrEqualTo(budget);
        assertThat(gauge("touchline.scoring.seen.ids.bytes")).isEqualTo(seen.bytes());
        // The newest polls are held on both partitions, the oldest are forgotten.
        assertThat(seen.window(P1).contains(id(polls - 1, 0))).isTrue();
        assertThat(seen.window(P0).contains(id(polls - 2, 1_999))).isTrue();
        assertThat(seen.window(P0).contains(id(0, 0))).isFalse();
        assertThat(seen.window(P1).contains(id(1, 0))).isFalse();
        // Every poll from the held moment on is whole on both partitions, and none before it.
        Instant since = seen.window(P0).heldSince().isAfter(seen.window(P1).heldSince())
                ? seen.window(P0).heldSince()
                : seen.window(P1).heldSince();
        int firstHeld = (int) Duration.between(T0, since).toSeconds();
        for (int p = firstHeld; p < polls; p++) {
            assertThat(seen.window(p % 2 == 0 ? P0 : P1).contains(id(p, 1_000))).as("poll %d", p).isTrue();
        }
        assertThat(seen.size()).isBetween(200_000, 700_000);
        double evicted = registry.get("touchline.scoring.seen.ids.evictions").counter().count();
        assertThat(evicted + seen.size() / 2_000).isEqualTo(polls);
        // What is held reaches back to the first poll held, less than the 24 h window.
        Instant now = T0.plusSeconds(polls);
        assertThat(seen.heldWindow(now)).isEqualTo(Duration.between(since, now));
    }

    @Test
    void withinTheBudgetTheWholeWindowIsHeldAndExpiryFreesTheMemory() {
        SeenIds seen = new SeenIds(null, Duration.ofSeconds(100), 64L << 20, registry);
        SeenWindow window = seen.window(P0);
        for (int p = 0; p < 50; p++) {
            window.advance(window.generation(), new SeenWindow.Poll(p + 1, T0.plusSeconds(p), ids(p, 2_000)));
            seen.fit();
        }
        assertThat(seen.size()).isEqualTo(100_000);
        assertThat(seen.heldWindow(T0.plusSeconds(50))).isEqualTo(Duration.ofSeconds(100));
        assertThat(registry.get("touchline.scoring.seen.ids.evictions").counter().count()).isZero();
        long full = seen.bytes();
        // Ids, table and polls: between 20 and 40 bytes per id.
        assertThat(full).isBetween(100_000L * 20, 100_000L * 40);

        window.expire(T0.plusSeconds(49));
        assertThat(seen.size()).isEqualTo(2_000);
        // The table shrinks with what it holds.
        assertThat(seen.bytes()).isLessThan(full / 10);
    }

    @Test
    void evictingTheOnlyPollLeavesNothingHeldBeforeTheNextOne() {
        SeenWindow window = new SeenWindow();
        window.reload(2, List.of(new SeenWindow.Poll(1, T0, new long[] { 1, 2 }),
                new SeenWindow.Poll(2, T0.plusSeconds(5), new long[] { 3 })));
        assertThat(window.heldSince()).isEqualTo(Instant.EPOCH);
        assertThat(window.evictOldest()).isEqualTo(32 + 24 + 16 + 2 * 8);
        assertThat(window.heldSince()).isEqualTo(T0.plusSeconds(5));
        assertThat(window.contains(1)).isFalse();
        assertThat(window.contains(3)).isTrue();
        window.evictOldest();
        assertThat(window.heldSince()).isAfter(T0.plusSeconds(5));
        assertThat(window.evictOldest()).isZero();
        // A reload brings back what the database holds: the whole window again.
        window.reload(3, List.of(new SeenWindow.Poll(3, T0.plusSeconds(6), new long[] { 4 })));
        assertThat(window.heldSince()).isEqualTo(Instant.EPOCH);
    }

    private double gauge(String name) {
        return registry.get(name).gauge().value();
    }

    private static long[] ids(int poll, int count) {
        long[] ids = new long[count];
        for (int i = 0; i < count; i++) {
            ids[i] = id(poll, i);
        }
        return ids;
    }

    private static long id(int poll, int i) {
        return SeenIds.hash("acme:" + poll + ":" + i);
    }
}
