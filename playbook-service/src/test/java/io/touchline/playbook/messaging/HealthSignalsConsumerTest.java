package io.touchline.playbook.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.touchline.messaging.Envelope;
import io.touchline.messaging.EnvelopeCodec;
import io.touchline.messaging.Topics;
import io.touchline.messaging.contract.HealthSignal;
import io.touchline.playbook.domain.Playbooks;
import io.touchline.testing.TestKafka;
import io.touchline.testing.TestKeys;
import io.touchline.testing.TouchlineTestResource;

@QuarkusTest
@WithTestResource(TouchlineTestResource.class)
class HealthSignalsConsumerTest {

    @Inject
    EnvelopeCodec codec;

    @Test
    void aSignalDeliveredTwiceCreatesOneTaskAndOneTouchMessage() {
        String account = "acme-" + UUID.randomUUID();
        String signalId = UUID.randomUUID().toString();
        Envelope signal = signal(account, signalId, "ACCOUNT_FIRST_SEEN", "user-7");

        produce(signal);
        produce(signal);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(TestKeys.OPS)
                .queryParam("accountId", account)
                .get("/v1/tasks")
                .then().statusCode(200)
                .body("size()", equalTo(1))
                .body("[0].id", equalTo(Playbooks.taskId(signalId)))
                .body("[0].title", equalTo("Welcome the new account and plan its onboarding"))
                .body("[0].status", equalTo("open"))
                .body("[0].signalType", equalTo("ACCOUNT_FIRST_SEEN")));

        Envelope touch = codec.decode(TestKafka
                .awaitExactly(Topics.TOUCH_MESSAGES, TestKeys.TENANT + ":" + account, 1).get(0).value());
        assertThat(touch.id()).isEqualTo(Playbooks.messageId(signalId, "in-app"));
        assertThat(touch.payload().get("recipientUserId").asText()).isEqualTo("user-7");
        assertThat(touch.payload().get("taskId").asText()).isEqualTo(Playbooks.taskId(signalId));
    }

    @Test
    void tasksOfOneTenantAreInvisibleToAnother() {
        String account = "private-" + UUID.randomUUID();
        produce(signal(account, UUID.randomUUID().toString(), "ACCOUNT_FIRST_SEEN", null));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(TestKeys.OPS)
                .queryParam("accountId", account).get("/v1/tasks")
                .then().statusCode(200).body("size()", equalTo(1)));

        given().auth().oauth2(TestKeys.OTHER_TENANT_OPS).queryParam("accountId", account).get("/v1/tasks")
                .then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void anOutOfRangeLimitIsA400ProblemNamingTheField() {
        given().auth().oauth2(TestKeys.OPS).queryParam("limit", 0).get("/v1/tasks")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("limit"));
    }

    private static void produce(Envelope envelope) {
        TestKafka.produce(Topics.HEALTH_SIGNALS, envelope);
    }

    private Envelope signal(String account, String signalId, String type, String userId) {
        Instant now = Instant.now();
        return new Envelope(signalId, "health.signal", TestKeys.TENANT, account, now, now,
                codec.toTree(new HealthSignal(signalId, type, 50.0, "yellow", userId, "test")));
    }
}
