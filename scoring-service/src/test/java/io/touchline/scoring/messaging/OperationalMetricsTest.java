package io.touchline.scoring.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.touchline.messaging.Envelope;
import io.touchline.messaging.Topics;
import io.touchline.testing.ManagementUrls;
import io.touchline.testing.TestKafka;
import io.touchline.testing.TestKeys;
import io.touchline.testing.TouchlineTestResource;

/**
 * The operational series every service exports, against the real broker and database: dead
 * letters counted at the dead-letter topic, consumer lag per partition back to 0 once applied,
 * the outbox drained and counted per topic, and the end-to-end latency of each hop.
 */
@QuarkusTest
@WithTestResource(TouchlineTestResource.class)
class OperationalMetricsTest {

    private static final String DEAD_LETTERED = "touchline_messages_dead_lettered_total{topic=\"usage-events.dlq\"}";
    private static final String SCORES = "touchline_pipeline_latency_seconds_count{hop=\"score\"}";
    private static final String SIGNALS = "touchline_pipeline_latency_seconds_count{hop=\"signal\"}";
    private static final String SIGNALS_PUBLISHED = "touchline_outbox_published_total{topic=\"health-signals\"}";

    URL metrics = ManagementUrls.of("/q/metrics");

    @Inject
    ObjectMapper mapper;

    @Test
    void deadLettersLagOutboxAndLatencyAreMeasured() {
        String account = "metrics-" + UUID.randomUUID();
        String key = TestKeys.TENANT + ":" + account;
        double scores = value(SCORES);
        double signals = value(SIGNALS);
        double published = value(SIGNALS_PUBLISHED);

        TestKafka.produce(Topics.USAGE_EVENTS, key, "{not json");
        Instant now = Instant.now();
        TestKafka.produce(Topics.USAGE_EVENTS, new Envelope(UUID.randomUUID().toString(), "usage.track", TestKeys.TENANT,
                account, now, now, mapper.createObjectNode().put("type", "track").put("event", "Report Viewed")
                        .put("userId", "u1").put("groupId", account)));
        TestKafka.awaitDeadLetter(Topics.USAGE_EVENTS, key);
        TestKafka.awaitExactly(Topics.HEALTH_SIGNALS, key, 1);

        // Read from the broker: exactly the records the dead-letter topic holds.
        long written = TestKafka.endOffsets(Topics.dlq(Topics.USAGE_EVENTS), 1).values().stream()
                .mapToLong(Long::longValue).sum();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(value(DEAD_LETTERED)).isEqualTo(written));
        // Every partition of usage-events has a lag series, and all are back to 0 once applied.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Map<String, Double> lag = series("touchline_kafka_consumer_lag_messages{group=\"scoring-service\"");
            assertThat(lag).hasSize(6);
            assertThat(lag.values()).containsOnly(0.0);
        });
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(value("touchline_outbox_backlog_messages")).isZero();
            assertThat(value("touchline_outbox_oldest_age_seconds")).isZero();
            assertThat(value(SIGNALS_PUBLISHED)).isEqualTo(published + 1);
        });
        // One event scored, one signal (the account's first) raised: one observation each.
        assertThat(value(SCORES)).isEqualTo(scores + 1);
        assertThat(value(SIGNALS)).isEqualTo(signals + 1);
    }

    /** A series' value; 0 when it has none yet. */
    private double value(String series) {
        return RestAssured.get(metrics).asString().lines()
                .filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1).trim()))
                .findFirst().orElse(0);
    }

    /** Every series whose name and labels start with {@code prefix}, by its whole name. */
    private Map<String, Double> series(String prefix) {
        Map<String, Double> found = new java.util.TreeMap<>();
        RestAssured.get(metrics).asString().lines().filter(line -> line.startsWith(prefix)).forEach(line -> {
            int space = line.lastIndexOf(' ');
            found.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        });
        return found;
    }
}
