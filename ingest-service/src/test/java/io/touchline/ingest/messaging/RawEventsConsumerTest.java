package io.touchline.ingest.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.touchline.messaging.Envelope;
import io.touchline.messaging.EnvelopeCodec;
import io.touchline.messaging.Topics;
import io.touchline.testing.TestKafka;
import io.touchline.testing.TestKeys;
import io.touchline.testing.TouchlineTestResource;

@QuarkusTest
@WithTestResource(TouchlineTestResource.class)
class RawEventsConsumerTest {

    @Inject
    EnvelopeCodec codec;

    private static void produceRaw(String key, String value, String writeKey) {
        ProducerRecord<String, String> record = new ProducerRecord<>(Topics.USAGE_EVENTS_RAW, key, value);
        if (writeKey != null) {
            record.headers().add(RawEventsConsumer.WRITE_KEY_HEADER, writeKey.getBytes(StandardCharsets.UTF_8));
        }
        TestKafka.produce(record);
    }

    @Test
    void aValidRawEventIsForwardedToUsageEvents() {
        String account = "raw-" + UUID.randomUUID();
        String messageId = UUID.randomUUID().toString();

        produceRaw(account, """
                {"type":"track","messageId":"%s","userId":"u1","groupId":"%s","event":"Export Run"}"""
                .formatted(messageId, account), TestKeys.INGEST);

        Envelope event = codec.decode(TestKafka.awaitExactly(Topics.USAGE_EVENTS, TestKeys.TENANT + ":" + account, 1)
                .get(0).value());
        assertThat(event.type()).isEqualTo("usage.track");
        assertThat(event.payload().get("messageId").asText()).isEqualTo(messageId);
    }

    @Test
    void invalidRawRecordsGoToTheDeadLetterTopicWithTheReasonAndWithoutTheKey() {
        String run = UUID.randomUUID().toString();

        produceRaw("not-json-" + run, "{nope", TestKeys.INGEST);
        produceRaw("no-key-" + run, "{\"type\":\"track\",\"userId\":\"u1\",\"groupId\":\"a\",\"event\":\"E\"}", null);
        produceRaw("bad-key-" + run, "{\"type\":\"track\",\"userId\":\"u1\",\"groupId\":\"a\",\"event\":\"E\"}", "wrong");
        produceRaw("no-account-" + run, "{\"type\":\"track\",\"messageId\":\"m-" + run
                + "\",\"userId\":\"stranger-" + run + "\",\"event\":\"E\"}", TestKeys.INGEST);

        assertThat(reason(TestKafka.awaitDeadLetter(Topics.USAGE_EVENTS_RAW, "not-json-" + run)))
                .isEqualTo("not JSON: the value must be a Segment message");
        assertThat(reason(TestKafka.awaitDeadLetter(Topics.USAGE_EVENTS_RAW, "no-key-" + run)))
                .startsWith("unauthorized");
        ConsumerRecord<String, String> badKey = TestKafka.awaitDeadLetter(Topics.USAGE_EVENTS_RAW, "bad-key-" + run);
        assertThat(reason(badKey)).startsWith("unauthorized");
        assertThat(badKey.headers().lastHeader(RawEventsConsumer.WRITE_KEY_HEADER)).isNull();
        ConsumerRecord<String, String> noAccount = TestKafka.awaitDeadLetter(Topics.USAGE_EVENTS_RAW,
                "no-account-" + run);
        assertThat(reason(noAccount)).startsWith("groupId: an event must name its account");
        assertThat(TestKafka.header(noAccount, "dead-letter-topic")).isEqualTo(Topics.USAGE_EVENTS_RAW);
        assertThat(noAccount.headers().lastHeader(RawEventsConsumer.WRITE_KEY_HEADER)).isNull();

        // The rejection is queryable like an HTTP one.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().auth().oauth2(TestKeys.OPS)
                .queryParam("limit", 500).get("/v1/rejections")
                .then().statusCode(200)
                .body("rejections.find { it.messageId == 'm-%s' }.source".formatted(run), equalTo("kafka")));
    }

    private static String reason(ConsumerRecord<String, String> record) {
        return TestKafka.header(record, "dead-letter-reason");
    }
}
