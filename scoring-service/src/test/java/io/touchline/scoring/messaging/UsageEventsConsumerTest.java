package io.touchline.scoring.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.touchline.messaging.DeterministicIds;
import io.touchline.messaging.Envelope;
import io.touchline.messaging.EnvelopeCodec;
import io.touchline.messaging.Topics;
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

    @Inject
    ConsumerLanes lanes;

    @Test
    void firstEventOfAnAccountIsScoredAndPublishesOneFirstSeenSignal() {
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
                // Only recency has data (active just now): 100, green, on partial data.
                .body("score", equalTo(100.0f))
                .body("band", equalTo("green"))
                .body("partial", equalTo(true))
                .body("churnProbability", equalTo(0.047f))
                .body("churnLevel", equalTo("low"))
                .body("explanation.measures.find { it.measure == 'RECENCY' }.contribution", equalTo(100.0f))
                .body("eventsApplied", equalTo(2)));

        ConsumerRecord<String, String> signal = TestKafka
                .awaitExactly(Topics.HEALTH_SIGNALS, TestKeys.TENANT + ":" + account, 1).get(0);
        assertThat(signal.key()).isEqualTo(TestKeys.TENANT + ":" + account);
        Envelope envelope = codec.decode(signal.value());
        assertThat(envelope.id()).isEqualTo(DeterministicIds.of(TestKeys.TENANT, account, "ACCOUNT_FIRST_SEEN", "first"));
        assertThat(envelope.payload().get("signalType").asText()).isEqualTo("ACCOUNT_FIRST_SEEN");
        assertThat(envelope.payload().get("userId").asText()).isEqualTo("user-1");
        // The poll was applied on a lane, and consumers that delivered so far have lanes of their own.
        assertThat(lanes.assignments()).isNotEmpty();
        assertThat(Set.copyOf(lanes.assignments().values())).hasSameSizeAs(lanes.assignments().values());
    }

    @Test
    void theExplanationOnReadIsTheOneTheSignalCarried() throws Exception {
        String account = "explained-" + UUID.randomUUID();
        produceAndAwait(usageEvent(account, "user-1"), account, 1);
        ConsumerRecord<String, String> signal = TestKafka
                .awaitExactly(Topics.HEALTH_SIGNALS, TestKeys.TENANT + ":" + account, 1).get(0);
        JsonNode carried = codec.decode(signal.value()).payload().get("explanation");

        String health = given().auth().oauth2(TestKeys.OPS).get("/v1/accounts/{id}/health", account)
                .then().statusCode(200).extract().asString();

        // One event: the stored state is the one the signal was scored on, explained again on read.
        assertThat(mapper.readTree(health).get("explanation")).isEqualTo(carried);
        assertThat(carried.get("movers")).hasSize(0);
        assertThat(carried.get("measures")).hasSize(8);
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
                .startsWith("poison: message is not JSON");
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

    static void produceAndAwait(Envelope envelope, String account, int eventsApplied) {
        produce(envelope);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(TestKeys.OPS)
                .get("/v1/accounts/{id}/health", account)
                .then().statusCode(200).body("eventsApplied", equalTo(eventsApplied)));
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

    @Test
    void aBandChangeOnAnEventPublishesASignalWhoseIdTheEventDetermines() {
        String account = "seats-" + UUID.randomUUID();
        String key = TestKeys.TENANT + ":" + account;
        Envelope group = event(account, "group", "admin", "{\"seats\":4}");
        Envelope firstUse = event(account, "track", "u1", null);
        Envelope secondUser = event(account, "track", "u2", null);

        // One at a time, so each lands in a poll of its own and leaves its own history point.
        produceAndAwait(group, account, 1); // seats known, nobody active: 0, red
        produceAndAwait(firstUse, account, 2); // 1 of 4 seats: (20*36.7 + 20*100)/40 = 68.3, yellow
        produceAndAwait(secondUser, account, 3); // 2 of 4 seats: (20*70 + 20*100)/40 = 85, green
        produce(secondUser); // a redelivery changes nothing

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(TestKeys.OPS)
                .get("/v1/accounts/{id}/health", account)
                .then().statusCode(200).body("score", equalTo(85.0f)).body("band", equalTo("green"))
                .body("eventsApplied", equalTo(3)));
        List<Envelope> signals = TestKafka.awaitExactly(Topics.HEALTH_SIGNALS, key, 3).stream()
                .map(r -> codec.decode(r.value())).toList();
        assertThat(signals).extracting(s -> s.payload().get("signalType").asText())
                .containsExactly("ACCOUNT_FIRST_SEEN", "HEALTH_BAND_CHANGED", "HEALTH_BAND_CHANGED");
        assertThat(signals).extracting(s -> s.payload().get("band").asText()).containsExactly("red", "yellow", "green");
        assertThat(signals.get(2).id()).isEqualTo(DeterministicIds.of(TestKeys.TENANT, account,
                "HEALTH_BAND_CHANGED", secondUser.id()));
        assertThat(signals.get(2).payload().get("score").asDouble()).isEqualTo(85.0);
        given().auth().oauth2(TestKeys.OPS).get("/v1/accounts/{id}/history", account)
                .then().statusCode(200)
                .body("score", org.hamcrest.Matchers.contains(85.0f, 68.3f, 0.0f))
                .body("band", org.hamcrest.Matchers.contains("green", "yellow", "red"))
                .body("[0].causedBy", equalTo(secondUser.id()));
        given().auth().oauth2(TestKeys.OPS).queryParam("until", "yesterday").get("/v1/accounts/{id}/history", account)
                .then().statusCode(400).body("errors[0].field", equalTo("until"));
    }

    private Envelope event(String account, String call, String userId, String accountTraits) {
        ObjectNode payload = mapper.createObjectNode().put("type", call).put("userId", userId).put("groupId", account);
        if ("track".equals(call)) {
            payload.put("event", "Dashboard Viewed");
        }
        if (accountTraits != null) {
            try {
                payload.set("accountTraits", mapper.readTree(accountTraits));
            } catch (Exception e) {
                throw new IllegalArgumentException(e);
            }
        }
        Instant now = Instant.now();
        return new Envelope(UUID.randomUUID().toString(), "usage." + call, TestKeys.TENANT, account, now, now, payload);
    }
}
