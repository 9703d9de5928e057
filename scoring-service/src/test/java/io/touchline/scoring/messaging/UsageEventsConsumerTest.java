package io.touchline.scoring.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.touchline.messaging.Envelope;
import io.touchline.messaging.EnvelopeCodec;
import io.touchline.messaging.Topics;
import io.touchline.scoring.domain.FirstSight;
import io.touchline.testing.TestKafka;
import io.touchline.testing.TestKeys;
import io.touchline.testing.TouchlineTestResource;

@QuarkusTest
@WithTestResource(TouchlineTestResource.class)
class UsageEventsConsumerTest {

    @Inject
    EnvelopeCodec codec;

    @Inject
    ObjectMapper mapper;

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

        ConsumerRecord<String, String> signal = TestKafka
                .awaitExactly(Topics.HEALTH_SIGNALS, TestKeys.TENANT + ":" + account, 1).get(0);
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
        TestKafka.produce(Topics.USAGE_EVENTS, key, "{not json");
        produce(usageEvent(account, "user-1"));

        ConsumerRecord<String, String> dead = TestKafka.awaitDeadLetter(Topics.USAGE_EVENTS, key);
        assertThat(dead.value()).isEqualTo("{not json");
        assertThat(TestKafka.header(dead, "dead-letter-reason"))
                .startsWith("message is not JSON");
        assertThat(TestKafka.header(dead, "dead-letter-topic"))
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

    private static void produce(Envelope envelope) {
        TestKafka.produce(Topics.USAGE_EVENTS, envelope);
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
