package io.touchline.e2e.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import io.touchline.e2e.ServiceProcess;

/**
 * A flood for a minute: 64 clients each sending 2,000-event batches as fast as they are answered.
 * On 2 cores that is bound by the CPU, not by Kafka, so acknowledgements stay quick; for 15 s in
 * its middle the broker stops, so the events waiting for it reach the bound ingest allows
 * (20,000). Ingest must shed with 429 or 503 and Retry-After rather than buffer, every service's
 * memory must stay within its bound, and once the flood ends the consumers must catch up with
 * nothing lost.
 */
@Order(4)
class OverloadIT {

    private static final int CLIENTS = 64;
    private static final int BATCH = 2000;
    private static final Duration FLOOD = Duration.ofSeconds(60);
    /** The broker stops at this second of the flood, for this many seconds. */
    private static final int STALL_FROM = 25;
    private static final int STALL_SECONDS = 15;
    /** -Xmx256m plus what a JVM needs beside its heap (metaspace, code cache, threads, buffers). */
    private static final long BOUND = 640L * 1024 * 1024;

    @Test
    void aMinuteOfFloodIsShedWithRetryAfterInBoundedMemoryAndNothingAcceptedIsLost() throws Exception {
        Map<String, Long> peak = new LinkedHashMap<>();
        Scenario.run("overload: 64 clients flooding for 60 s, the broker stalled 15 s", CLIENTS * 2, 0, CLIENTS, BATCH,
                Duration.ofMinutes(5),
                scenario -> {
                    long start = System.nanoTime();
                    long acknowledgedBefore = scenario.ledger.eventsAcknowledged();
                    for (int second = 0; System.nanoTime() - start < FLOOD.toNanos(); second++) {
                        if (second == STALL_FROM) {
                            scenario.pipeline.broker.stop();
                        } else if (second == STALL_FROM + STALL_SECONDS) {
                            scenario.pipeline.broker.restart();
                        }
                        for (ServiceProcess service : scenario.pipeline.services()) {
                            peak.merge(service.name, service.residentBytes(), Math::max);
                        }
                        Scenario.pause(Duration.ofSeconds(1));
                    }
                    long accepted = scenario.ledger.eventsAcknowledged() - acknowledgedBefore;
                    scenario.observed(String.format(java.util.Locale.ROOT,
                            "%d clients × %d-event batches: %,d events/s accepted on average; with the broker"
                                    + " stopped %d s of it, %d requests shed with 429 and %d with 503, all with"
                                    + " Retry-After; peak RSS %s",
                            CLIENTS, BATCH, accepted / FLOOD.toSeconds(), STALL_SECONDS, scenario.ledger.answers(429),
                            scenario.ledger.answers(503), peakMiB(peak)));
                    assertThat(scenario.ledger.answers(429) + scenario.ledger.answers(503)).as("requests shed")
                            .isPositive();
                    assertThat(scenario.ledger.refusalsWithoutRetryAfter.get()).as("refusals without Retry-After").isZero();
                });
        assertThat(peak).allSatisfy((service, bytes) -> assertThat(bytes).as(service).isLessThan(BOUND));
    }

    private static String peakMiB(Map<String, Long> peak) {
        StringBuilder text = new StringBuilder();
        peak.forEach((service, bytes) -> text.append(text.isEmpty() ? "" : ", ").append(service.replace("-service", ""))
                .append(" ").append(bytes / (1024 * 1024)).append(" MiB"));
        return text.toString();
    }
}
