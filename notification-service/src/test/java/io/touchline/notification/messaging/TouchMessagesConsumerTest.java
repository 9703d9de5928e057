package io.touchline.notification.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.touchline.messaging.Envelope;
import io.touchline.messaging.EnvelopeCodec;
import io.touchline.messaging.Topics;
import io.touchline.messaging.contract.TouchMessage;
import io.touchline.testing.KafkaBroker;
import io.touchline.testing.TestKeys;
import io.touchline.testing.TouchlineTestResource;

@QuarkusTest
@WithTestResource(TouchlineTestResource.class)
class TouchMessagesConsumerTest {

    @Inject
    EnvelopeCodec codec;

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
    void anInAppMessageDeliveredTwiceLandsOnceInTheUsersInbox() {
        String user = "user-" + UUID.randomUUID();
        Envelope message = touch("acme", user, TouchMessage.IN_APP);

        produce(message);
        produce(message);
        produce(touch("acme", user, TouchMessage.IN_APP));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(TestKeys.INGEST)
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
    }

    @Test
    void aMessageForAChannelNotYetDeliverableIsDeadLetteredNotDropped() {
        String user = "user-" + UUID.randomUUID();
        Envelope email = touch("acme-" + user, user, "email");

        produce(email);

        ConsumerRecord<String, String> dead = kafka.consumeStrings().fromTopics(Topics.dlq(Topics.TOUCH_MESSAGES))
                .awaitRecords(1, Duration.ofSeconds(20)).getRecords().stream()
                .filter(r -> email.key().equals(r.key())).findFirst().orElseThrow();
        assertThat(codec.decode(dead.value()).id()).isEqualTo(email.id());
        assertThat(new String(dead.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8))
                .isEqualTo("channel 'email' is not deliverable yet");
    }

    private void produce(Envelope envelope) {
        kafka.produceStrings()
                .fromRecords(new ProducerRecord<>(Topics.TOUCH_MESSAGES, envelope.key(), codec.encode(envelope)))
                .awaitCompletion();
    }

    private Envelope touch(String account, String user, String channel) {
        String id = UUID.randomUUID().toString();
        Instant now = Instant.now();
        return new Envelope(id, "touch.message", TestKeys.TENANT, account, now, now,
                codec.toTree(new TouchMessage(id, channel, user, "Welcome aboard", "Hello", "task-1")));
    }
}
