package io.touchline.notification.messaging;

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

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.touchline.messaging.Envelope;
import io.touchline.messaging.EnvelopeCodec;
import io.touchline.messaging.Topics;
import io.touchline.messaging.contract.TouchMessage;
import io.touchline.testing.TestKafka;
import io.touchline.testing.TestKeys;
import io.touchline.testing.TouchlineTestResource;

@QuarkusTest
@WithTestResource(TouchlineTestResource.class)
class TouchMessagesConsumerTest {

    @Inject
    EnvelopeCodec codec;

    @Test
    void anInAppMessageDeliveredTwiceLandsOnceInTheUsersInbox() {
        String user = "user-" + UUID.randomUUID();
        Envelope message = touch("acme", user, TouchMessage.IN_APP);

        produce(message);
        produce(message);
        produce(touch("acme", user, TouchMessage.IN_APP));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(TestKeys.OPS)
                .get("/v1/inbox/{userId}", user)
                .then().statusCode(200)
                .body("size()", equalTo(2)));
        given().auth().oauth2(TestKeys.OPS).get("/v1/inbox/{userId}", user)
                .then().statusCode(200)
                .body("findAll { it.id == '%s' }.size()".formatted(message.id()), equalTo(1))
                .body("find { it.id == '%s' }.title".formatted(message.id()), equalTo("Welcome aboard"))
                .body("find { it.id == '%s' }.accountId".formatted(message.id()), equalTo("acme"));
        given().auth().oauth2(TestKeys.OTHER_TENANT_OPS).get("/v1/inbox/{userId}", user)
                .then().statusCode(200).body("size()", equalTo(0));
        // A write key is public (it ships in apps): it reads no inbox.
        given().auth().oauth2(TestKeys.INGEST).get("/v1/inbox/{userId}", user)
                .then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void aMessageForAChannelNotYetDeliverableIsDeadLetteredNotDropped() {
        String user = "user-" + UUID.randomUUID();
        Envelope email = touch("acme-" + user, user, "email");

        produce(email);

        ConsumerRecord<String, String> dead = TestKafka.awaitDeadLetter(Topics.TOUCH_MESSAGES, email.key());
        assertThat(codec.decode(dead.value()).id()).isEqualTo(email.id());
        assertThat(TestKafka.header(dead, "dead-letter-reason"))
                .isEqualTo("channel 'email' is not deliverable yet");
    }

    private static void produce(Envelope envelope) {
        TestKafka.produce(Topics.TOUCH_MESSAGES, envelope);
    }

    private Envelope touch(String account, String user, String channel) {
        String id = UUID.randomUUID().toString();
        Instant now = Instant.now();
        return new Envelope(id, "touch.message", TestKeys.TENANT, account, now, now,
                codec.toTree(new TouchMessage(id, channel, user, "Welcome aboard", "Hello", "task-1")));
    }
}
