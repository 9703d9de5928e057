package io.touchline.ingest.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.net.URL;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.touchline.messaging.EnvelopeCodec;
import io.touchline.messaging.Topics;
import io.touchline.testing.ManagementUrls;
import io.touchline.testing.RestartableKafkaBroker;
import io.touchline.testing.TestDatabase;
import io.touchline.testing.TestKeys;

/**
 * Kafka goes away mid-stream: requests get 503 with Retry-After and nothing is claimed; when it
 * comes back, the same service instance accepts again, and every event it answered 200 for is
 * on the topic.
 */
@QuarkusTest
@WithTestResource(KafkaOutageTest.OutageResource.class)
class KafkaOutageTest {

    URL ready = ManagementUrls.of("/q/health/ready");

    static RestartableKafkaBroker broker;

    /** The service on a broker this test may stop, with short producer timeouts. */
    public static class OutageResource implements QuarkusTestResourceLifecycleManager {

        @Override
        public Map<String, String> start() {
            broker = RestartableKafkaBroker.start();
            Map<String, String> config = new HashMap<>(TestDatabase.coordinates().quarkusConfig());
            config.put("kafka.bootstrap.servers", broker.bootstrapServers());
            config.put("touchline.auth.keys", TestKeys.authKeysConfig());
            config.put("mp.messaging.outgoing.usage-events-out.delivery.timeout.ms", "3000");
            config.put("mp.messaging.outgoing.usage-events-out.request.timeout.ms", "2500");
            config.put("touchline.ingest.publish-timeout", "PT4S");
            config.put("touchline.ingest.max-inflight-events", "150");
            config.put("touchline.ingest.max-batch-events", "100");
            return config;
        }

        @Override
        public void stop() {
            broker.close();
        }
    }

    @Inject
    EnvelopeCodec codec;

    @Test
    void whileKafkaIsAwayNothingIsClaimedAndAfterwardsTheSameInstanceAcceptsAgain() {
        String account = "outage-" + UUID.randomUUID();
        String before = UUID.randomUUID().toString();
        String during = UUID.randomUUID().toString();
        String after = UUID.randomUUID().toString();

        track(account, before).then().statusCode(200);

        broker.stop();
        Response refused = track(account, during);
        refused.then().statusCode(503).contentType("application/problem+json")
                .body("detail", equalTo("The event store did not acknowledge the events; none of this request's "
                        + "were accepted. Retry later."));
        assertThat(refused.header("Retry-After")).isEqualTo("5");
        given().get(ready).then().statusCode(503);

        // Three batches of 100 at once against a budget of 150 events waiting for Kafka: the
        // first holds 100 until its publish times out, the others are refused at once.
        List<CompletableFuture<Integer>> batches = java.util.stream.IntStream.range(0, 3)
                .mapToObj(b -> CompletableFuture.supplyAsync(() -> batch(account, "overload-" + b).statusCode()))
                .toList();
        assertThat(batches.stream().map(CompletableFuture::join).sorted().toList()).containsExactly(429, 429, 503);

        broker.restart();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> track(account, after).statusCode() == 200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get(ready).then().statusCode(200));

        // Every event answered 200 is on the topic. An event answered 503 may still arrive later
        // (the producer can deliver it after the answer); that is why the answer says "retry",
        // and why a retried id is deduplicated downstream.
        List<String> onTopic = messageIds(TestKeys.TENANT + ":" + account);
        assertThat(onTopic).contains(before, after);
    }

    private static Response batch(String account, String prefix) {
        String events = java.util.stream.IntStream.range(0, 100)
                .mapToObj(
                        i -> "{\"type\":\"track\",\"messageId\":\"%s-%d\",\"userId\":\"u1\",\"groupId\":\"%s\",\"event\":\"E\"}"
                                .formatted(prefix, i, account))
                .collect(java.util.stream.Collectors.joining(","));
        return given().auth().oauth2(TestKeys.INGEST).contentType(ContentType.JSON)
                .body("{\"batch\":[" + events + "]}").post("/v1/batch");
    }

    private static Response track(String account, String messageId) {
        return given().auth().oauth2(TestKeys.INGEST).contentType(ContentType.JSON)
                .body("{\"messageId\":\"%s\",\"userId\":\"u1\",\"groupId\":\"%s\",\"event\":\"Login\"}"
                        .formatted(messageId, account))
                .post("/v1/track");
    }

    /** Every message id on usage-events for the key, read from the beginning until the end. */
    private List<String> messageIds(String key) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "outage-check-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.USAGE_EVENTS));
            List<String> ids = new java.util.ArrayList<>();
            long quietSince = System.nanoTime();
            while (System.nanoTime() - quietSince < Duration.ofSeconds(3).toNanos()) {
                var records = consumer.poll(Duration.ofMillis(500));
                if (!records.isEmpty()) {
                    quietSince = System.nanoTime();
                }
                for (ConsumerRecord<String, String> record : records) {
                    if (key.equals(record.key())) {
                        ids.add(codec.decode(record.value()).payload().get("messageId").asText());
                    }
                }
            }
            return ids;
        }
    }
}
