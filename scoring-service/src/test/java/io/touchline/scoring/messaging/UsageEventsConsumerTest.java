package io.touchline.scoring.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.touchline.messaging.Envelope;
import io.touchline.messaging.EnvelopeCodec;
import io.touchline.messaging.Topics;
import io.touchline.scoring.domain.FirstSight;
import io.touchline.testing.KafkaBroker;
import io.touchline.testing.TestKeys;
import io.touchline.testing.TouchlineTestResource;

@QuarkusTest
@WithTestResource(TouchlineTestResource.class)
class UsageEventsConsumerTest {

    @Inject
    EnvelopeCodec codec;

    @Inject
    ObjectMapper mapper;

    KafkaCompanion kafka;

    @BeforeEach
    void connect() {
        kafka = new KafkaCompanion(KafkaBroker.bootstrapServers());
    }

    @AfterEach
    void close() {
        kafka.close();
    }

    @Test
    void firstEventOfAnAccountStoresAPlaceholderScoreAndPublishesOneSignal() {
        String account = "acme-" + UUID.randomUUID();
        Envelope first = usageEvent(account, "user-1");
        Envelope second = usageEvent(account, "user-2");

        produce(first);
        produce(first); // a redelivery: must change nothing
        produce(second);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given()
                .auth().oauth2(TestKeys.OPS)
                .get("/v1/accounts/{id}/health", account)
                .then().statusCode(200)
                .body("accountId", equalTo(account))
                .body("score", equalTo(50.0f))
                .body("band", equalTo("yellow"))
                .body("eventsApplied", equalTo(2)));

        List<ConsumerRecord<String, String>> signals = signalsFor(account, 1);
        ConsumerRecord<String, String> signal = signals.get(0);
        assertThat(signal.key()).isEqualTo(TestKeys.TENANT + ":" + account);
        Envelope envelope = codec.decode(signal.value());
        assertThat(envelope.id()).isEqualTo(FirstSight.signalId(TestKeys.TENANT, account));
        assertThat(envelope.payload().get("signalType").asText()).isEqualTo("ACCOUNT_FIRST_SEEN");
        assertThat(envelope.payload().get("userId").asText()).isEqualTo("user-1");
    }

    @Test
    void poisonMessageGoesToTheDeadLetterTopicAndTheStreamGoesOn() {
        String account = "poison-" + UUID.randomUUID();
        String key = TestKeys.TENANT + ":" + account;
        kafka.produceStrings().fromRecords(new ProducerRecord<>(Topics.USAGE_EVENTS, key, "{not json")).awaitCompletion();
        produce(usageEvent(account, "user-1"));

        ConsumerRecord<String, String> dead = kafka.consumeStrings().fromTopics(Topics.dlq(Topics.USAGE_EVENTS))
                .awaitRecords(1, Duration.ofSeconds(20)).getRecords().stream()
                .filter(r -> key.equals(r.key())).findFirst().orElseThrow();
        assertThat(dead.value()).isEqualTo("{not json");
        assertThat(new String(dead.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8))
                .startsWith("message is not JSON");
        assertThat(new String(dead.headers().lastHeader("dead-letter-topic").value(), StandardCharsets.UTF_8))
                .isEqualTo(Topics.USAGE_EVENTS);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given()
                .auth().oauth2(TestKeys.OPS)
                .get("/v1/accounts/{id}/health", account)
                .then().statusCode(200).body("eventsApplied", equalTo(1)));
    }

    @Test
    void healthIsScopedToTheCallersTenant() {
        String account = "scoped-" + UUID.randomUUID();
        produce(usageEvent(account, "user-1"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(TestKeys.OPS)
                .get("/v1/accounts/{id}/health", account).then().statusCode(200));

        given().auth().oauth2(TestKeys.OTHER_TENANT_OPS).get("/v1/accounts/{id}/health", account)
                .then().statusCode(404).contentType("application/problem+json");
        given().get("/v1/accounts/{id}/health", account)
                .then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(TestKeys.INGEST).get("/v1/accounts/{id}/health", account)
                .then().statusCode(403).contentType("application/problem+json");
    }

    /** Every signal for the account, after making sure no further one arrives for a while. */
    private List<ConsumerRecord<String, String>> signalsFor(String account, int expected) {
        String key = TestKeys.TENANT + ":" + account;
        ConsumerTask<String, String> task = kafka.consumeStrings().fromTopics(Topics.HEALTH_SIGNALS);
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> keyed(task, key).size() >= expected);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                    .until(() -> keyed(task, key).size() == expected);
            return keyed(task, key);
        } finally {
            task.stop();
        }
    }

    private static List<ConsumerRecord<String, String>> keyed(ConsumerTask<String, String> task, String key) {
        return task.getRecords().stream().filter(r -> key.equals(r.key())).toList();
    }

    private void produce(Envelope envelope) {
        kafka.produceStrings()
                .fromRecords(new ProducerRecord<>(Topics.USAGE_EVENTS, envelope.key(), codec.encode(envelope)))
                .awaitCompletion();
    }

    private Envelope usageEvent(String account, String userId) {
        JsonNode payload = mapper.createObjectNode()
                .put("type", "track")
                .put("event", "Report Viewed")
                .put("userId", userId)
                .put("groupId", account);
        Instant now = Instant.now();
        return new Envelope(UUID.randomUUID().toString(), "usage.track", TestKeys.TENANT, account, now, now, payload);
    }
}
