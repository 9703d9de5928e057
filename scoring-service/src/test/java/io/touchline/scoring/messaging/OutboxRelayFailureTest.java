package io.touchline.scoring.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.touchline.messaging.EnvelopeCodec;
import io.touchline.messaging.Topics;
import io.touchline.messaging.contract.HealthScore;
import io.touchline.messaging.contract.MessageTypes;
import io.touchline.messaging.outbox.Outbox;
import io.touchline.testing.KafkaBroker;
import io.touchline.testing.TestKafka;
import io.touchline.testing.TestKeys;
import io.touchline.testing.TouchlineTestResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A relay run one of whose sends fails deletes nothing: its rows stay, the run is repeated, and
 * they go once every send of a run succeeds. The rows after the failed one are not sent in the
 * failed runs, so no account's newer message goes out ahead of an older one. A topic the broker
 * does not have (auto-creation is off) makes a send fail after
 * {@code touchline.outbox.send-timeout}. A row Kafka can never take is parked instead.
 */
@QuarkusTest
@WithTestResource(TouchlineTestResource.class)
class OutboxRelayFailureTest {

    @Inject
    Pool pool;

    @Inject
    Outbox outbox;

    @Test
    void aRunWithAFailedSendKeepsItsRowsSendsNothingAfterItAndIsRepeatedUntilEverySendSucceeds() throws Exception {
        Assumptions.assumeTrue(System.getenv(KafkaBroker.EXTERNAL_ENV) == null,
                "an external broker may create topics on first use");
        String missingTopic = "relay-missing-" + UUID.randomUUID();
        String run = "relay-" + UUID.randomUUID();
        String before = run + "-before";
        String failing = run + "-failing";
        String after = run + "-after";
        List<String> ids = List.of(before, failing, after);
        Instant now = Instant.now();
        List<Outbox.Pending> messages = List.of(
                new Outbox.Pending(Topics.HEALTH_SCORES, score(before, now)),
                new Outbox.Pending(missingTopic, score(failing, now)),
                new Outbox.Pending(Topics.HEALTH_SCORES, score(after, now)));
        ConsumerTask<String, String> scores = TestKafka.consume(Topics.HEALTH_SCORES);
        try {
            pool.withTransaction(connection -> outbox.addAll(connection, messages)).await().indefinitely();

            // The first send succeeds in every run, but its row stays while the second fails: a
            // second copy means a failed run deleted nothing and was repeated.
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> TestKafka.withKey(scores, key(before)).size() >= 2);
            assertThat(pendingRows(ids)).isEqualTo(3);
            assertThat(TestKafka.withKey(scores, key(after))).isEmpty();

            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    KafkaBroker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic(missingTopic, 1, (short) 1))).all().get();
            }

            await().atMost(Duration.ofSeconds(30)).until(() -> pendingRows(ids) == 0);
            assertThat(TestKafka.awaitExactly(missingTopic, key(failing), 1)).hasSize(1);
            assertThat(TestKafka.awaitExactly(Topics.HEALTH_SCORES, key(after), 1)).hasSize(1);
        } finally {
            scores.stop();
            pool.preparedQuery("delete from outbox_message where message_id = any($1)")
                    .execute(Tuple.of(ids.toArray(new String[0]))).await().indefinitely();
        }
    }

    /**
     * A row larger than the broker takes would fail every run for ever and hold every row behind
     * it: it is parked with the reason, and the rows behind it go out.
     */
    @Test
    void aRowKafkaCanNeverTakeIsParkedWithItsReasonAndTheRowsBehindItGoOut() throws Exception {
        String run = "relay-" + UUID.randomUUID();
        String before = run + "-before";
        String tooLarge = run + "-too-large";
        String after = run + "-after";
        List<String> ids = List.of(before, tooLarge, after);
        Instant now = Instant.now();
        try {
            pool.withTransaction(connection -> outbox.addAll(connection, List.of(
                    new Outbox.Pending(Topics.HEALTH_SCORES, score(before, now))))
                    .call(() -> connection.preparedQuery("""
                            insert into outbox_message (topic, message_key, message_id, payload, created_at)
                            values ($1, $2, $3, $4, now())""")
                            .execute(Tuple.of(Topics.HEALTH_SCORES, key(tooLarge), tooLarge, "x".repeat(2 * 1024 * 1024))))
                    .call(() -> outbox.addAll(connection, List.of(
                            new Outbox.Pending(Topics.HEALTH_SCORES, score(after, now))))))
                    .await().indefinitely();

            assertThat(TestKafka.awaitExactly(Topics.HEALTH_SCORES, key(after), 1)).hasSize(1);
            await().atMost(Duration.ofSeconds(30)).until(() -> pendingRows(ids) == 0);
            var parked = pool.preparedQuery("select topic, message_key, length(payload) as size, reason from outbox_parked"
                    + " where message_id = $1").execute(Tuple.of(tooLarge)).await().indefinitely();
            assertThat(parked.size()).isEqualTo(1);
            var row = parked.iterator().next();
            assertThat(row.getString("topic")).isEqualTo(Topics.HEALTH_SCORES);
            assertThat(row.getString("message_key")).isEqualTo(key(tooLarge));
            assertThat(row.getInteger("size")).isEqualTo(2 * 1024 * 1024);
            assertThat(row.getString("reason")).startsWith("RecordTooLargeException: ");
        } finally {
            pool.preparedQuery("delete from outbox_message where message_id = any($1)")
                    .execute(Tuple.of(ids.toArray(new String[0]))).await().indefinitely();
        }
    }

    private long pendingRows(List<String> ids) {
        return pool.preparedQuery("select count(*) from outbox_message where message_id = any($1)")
                .execute(Tuple.of(ids.toArray(new String[0]))).await().indefinitely()
                .iterator().next().getLong(0);
    }

    private static String key(String account) {
        return TestKeys.TENANT + ":" + account;
    }

    /** A score message of its own account, whose id is the account's name. */
    private static EnvelopeCodec.Typed<HealthScore> score(String account, Instant now) {
        return new EnvelopeCodec.Typed<>(account, MessageTypes.HEALTH_SCORE, TestKeys.TENANT, account, now, now,
                new HealthScore(50, "yellow", false, 1));
    }
}
