package io.touchline.scoring.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.touchline.messaging.EnvelopeCodec;
import io.touchline.messaging.Topics;
import io.touchline.messaging.contract.HealthScore;
import io.touchline.messaging.contract.MessageTypes;
import io.touchline.messaging.outbox.Outbox;
import io.touchline.testing.TestKafka;
import io.touchline.testing.TestKeys;
import io.touchline.testing.TouchlineTestResource;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * A whole relay batch (2,000 rows in scoring) handed to the producer at once: every message is
 * published, and exactly once; and the relay vacuums the outbox after deleting them.
 */
@QuarkusTest
@WithTestResource(TouchlineTestResource.class)
class OutboxBurstTest {

    private static final int MESSAGES = 2_000;

    @Inject
    Pool pool;

    @Inject
    Outbox outbox;

    @Test
    void aFullRelayBatchIsPublishedExactlyOnce() {
        String account = "burst-" + UUID.randomUUID() + "-";
        Instant now = Instant.now();
        List<Outbox.Pending> messages = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            messages.add(new Outbox.Pending(Topics.HEALTH_SCORES, new EnvelopeCodec.Typed<>(account + i,
                    MessageTypes.HEALTH_SCORE, TestKeys.TENANT, account + i, now, now,
                    new HealthScore(50, "yellow", false, 1))));
        }
        // One transaction, so the relay finds all of them in its next run.
        pool.withTransaction(connection -> outbox.addAll(connection, messages)).await().indefinitely();

        List<ConsumerRecord<String, String>> published = TestKafka.awaitExactlyWithKeyPrefix(Topics.HEALTH_SCORES,
                TestKeys.TENANT + ":" + account, MESSAGES);
        assertThat(published.stream().map(ConsumerRecord::key).distinct()).hasSize(MESSAGES);
        // The relay vacuums the outbox it deleted the rows from, rather than wait for autovacuum.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(pool
                .query("select vacuum_count from pg_stat_user_tables where relid = 'outbox_message'::regclass")
                .execute().await().indefinitely().iterator().next().getLong(0)).isPositive());
    }
}
