package io.touchline.notification.application;

import static io.touchline.notification.Fixtures.awaitDelivery;
import static io.touchline.notification.Fixtures.produceTouch;
import static io.touchline.notification.Fixtures.touch;
import static io.touchline.notification.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.touchline.messaging.Envelope;
import io.touchline.messaging.EnvelopeCodec;
import io.touchline.messaging.Topics;
import io.touchline.notification.Fixtures;
import io.touchline.notification.GreenMailTestResource;
import io.touchline.notification.domain.WebhookSignature;
import io.touchline.testing.ManagementUrls;
import io.touchline.testing.TestKafka;
import io.touchline.testing.TouchlineTestResource;
import io.touchline.testing.WebhookReceiver;

@QuarkusTest
@WithTestResource(TouchlineTestResource.class)
@WithTestResource(GreenMailTestResource.class)
class WebhookDeliveryTest {

    URL metrics = ManagementUrls.of("/q/metrics");

    private static final String SECRET = "whsec-test-0123456789abcdef";

    @Inject
    EnvelopeCodec codec;

    @Inject
    ObjectMapper mapper;

    @Test
    void aGenericWebhookIsSignedSoTheReceiverCanVerifyIt() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Fixtures.channels(Map.of("webhookUrl", receiver.url("/hooks/touchline"), "webhookFormat", "json",
                    "webhookSecret", SECRET));
            Envelope request = touch(codec, unique("acme"), "webhook", null, "upgrade");

            produceTouch(request);

            awaitDelivery(request.id(), "SENT");
            assertThat(receiver.received("/hooks/touchline")).hasSize(1);
            WebhookReceiver.Received hook = receiver.received().get(0);
            assertThat(hook.header("Content-Type")).isEqualTo("application/json");
            assertThat(hook.header("Touchline-Delivery-Id")).isEqualTo(request.id());
            // The receiver's side of docs/notifications.md: recompute v1 over "<t>.<body>" and check t.
            assertThat(WebhookSignature.verify(hook.header("Touchline-Signature"), hook.body(), SECRET, Instant.now()))
                    .isTrue();
            assertThat(WebhookSignature.verify(hook.header("Touchline-Signature"), hook.body(), "not-the-secret-0000",
                    Instant.now())).isFalse();
            JsonNode body = mapper.readTree(hook.body());
            assertThat(body.get("id").asText()).isEqualTo(request.id());
            assertThat(body.get("type").asText()).isEqualTo("touch.message");
            assertThat(body.get("accountId").asText()).isEqualTo(request.accountId());
            assertThat(body.get("templateId").asText()).isEqualTo("upgrade");
            assertThat(body.get("title").asText()).isEqualTo("Title of upgrade");
        }
    }

    @Test
    void aSlackWebhookGetsSlacksIncomingWebhookJson() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Fixtures.channels(Map.of("webhookUrl", receiver.url("/services/T0/B0/x"), "webhookFormat", "slack"));
            Envelope request = touch(codec, unique("acme"), "webhook", null, "upgrade");

            produceTouch(request);

            awaitDelivery(request.id(), "SENT");
            assertThat(mapper.readTree(receiver.received().get(0).body()))
                    .isEqualTo(mapper.readTree("{\"text\":\"*Title of upgrade*\\nBody of upgrade\"}"));
        }
    }

    @Test
    void aServerErrorIsRetriedAndAClientErrorIsNot() {
        try (WebhookReceiver flaky = new WebhookReceiver(500, 503, 429); WebhookReceiver refusing = new WebhookReceiver(400)) {
            Fixtures.channels(Map.of("webhookUrl", flaky.url("/flaky")));
            Envelope retried = touch(codec, unique("acme"), "webhook", null, "upgrade");
            produceTouch(retried);
            JsonPath sent = awaitDelivery(retried.id(), "SENT");
            assertThat(sent.getList("attempts.outcome")).containsExactly("transient", "transient", "transient", "sent");
            assertThat(sent.getList("attempts.detail")).containsExactly("HTTP 500", "HTTP 503", "HTTP 429", "HTTP 200");
            assertThat(flaky.received()).hasSize(4);

            Fixtures.channels(Map.of("webhookUrl", refusing.url("/refusing")));
            Envelope refused = touch(codec, unique("acme"), "webhook", null, "upgrade");
            produceTouch(refused);
            JsonPath failed = awaitDelivery(refused.id(), "FAILED");
            assertThat(failed.getString("delivery.reason")).isEqualTo("permanent-failure");
            assertThat(failed.getList("attempts.outcome")).containsExactly("permanent");
            assertThat(failed.getList("attempts.detail")).containsExactly("HTTP 400");
            assertThat(refusing.received()).hasSize(1);
            Envelope dead = codec.decode(TestKafka.awaitDeadLetter(Topics.TOUCH_MESSAGES, refused.key()).value());
            assertThat(dead.id()).isEqualTo(refused.id());
        }
    }

    @Test
    void aWebhookThatKeepsFailingIsMarkedFailedAfterTheLastAttemptAndDeadLettered() {
        try (WebhookReceiver down = new WebhookReceiver(500, 500, 500, 500, 500, 500, 500, 500)) {
            Fixtures.channels(Map.of("webhookUrl", down.url("/down")));
            Envelope request = touch(codec, unique("acme"), "webhook", null, "upgrade");

            produceTouch(request);

            JsonPath failed = awaitDelivery(request.id(), "FAILED");
            // max-attempts is 6 in tests
            assertThat(failed.getString("delivery.reason")).isEqualTo("retries-exhausted");
            assertThat(failed.getList("attempts.outcome")).containsExactly("transient", "transient", "transient",
                    "transient", "transient", "transient");
            assertThat(down.received()).hasSize(6);
            assertThat(codec.decode(TestKafka.awaitDeadLetter(Topics.TOUCH_MESSAGES, request.key()).value()).id())
                    .isEqualTo(request.id());
        }
    }

    @Test
    void deliveriesRetriesAndSuppressionsAreCounted() {
        double sent = metric("touchline_notification_deliveries_total{channel=\"webhook\",kind=\"message\",outcome=\"sent\"}");
        double retries = metric("touchline_notification_retries_total{channel=\"webhook\"}");
        double notConfigured = metric("touchline_notification_suppressions_total{reason=\"not-configured\"}");
        double duplicates = metric(
                "touchline_messages_consumed_total{consumer=\"notification-service:touch-messages\",outcome=\"duplicate\"}");
        try (WebhookReceiver flaky = new WebhookReceiver(503)) {
            Fixtures.channels(Map.of("webhookUrl", flaky.url("/flaky")));
            Envelope request = touch(codec, unique("acme"), "webhook", null, "upgrade");
            produceTouch(request);
            produceTouch(request);
            awaitDelivery(request.id(), "SENT");
        }
        Fixtures.channels(Map.of());
        Envelope unconfigured = touch(codec, unique("acme"), "webhook", null, "upgrade");
        produceTouch(unconfigured);
        awaitDelivery(unconfigured.id(), "SUPPRESSED");

        org.awaitility.Awaitility.await().atMost(Fixtures.ARRIVAL).untilAsserted(() -> {
            assertThat(metric("touchline_notification_deliveries_total{channel=\"webhook\",kind=\"message\",outcome=\"sent\"}"))
                    .isEqualTo(sent + 1);
            assertThat(metric("touchline_notification_retries_total{channel=\"webhook\"}")).isEqualTo(retries + 1);
            assertThat(metric("touchline_notification_suppressions_total{reason=\"not-configured\"}"))
                    .isEqualTo(notConfigured + 1);
            assertThat(metric(
                    "touchline_messages_consumed_total{consumer=\"notification-service:touch-messages\",outcome=\"duplicate\"}"))
                    .isEqualTo(duplicates + 1);
        });
        assertThat(metric("touchline_notification_request_to_sent_seconds_count{channel=\"webhook\"}")).isPositive();
        assertThat(io.restassured.RestAssured.get(metrics).asString()).contains("touchline_notification_retry_backlog ");
    }

    /** A series' value on /q/metrics; 0 when it has none yet. */
    private double metric(String series) {
        return io.restassured.RestAssured.get(metrics).asString().lines()
                .filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1).trim()))
                .findFirst().orElse(0);
    }

    @Test
    void withoutAWebhookConfiguredAWebhookMessageIsSuppressed() {
        Fixtures.channels(Map.of());
        Envelope request = touch(codec, unique("acme"), "webhook", null, "upgrade");

        produceTouch(request);

        JsonPath suppressed = awaitDelivery(request.id(), "SUPPRESSED");
        assertThat(suppressed.getString("delivery.reason")).isEqualTo("not-configured");
        assertThat(suppressed.getList("attempts")).isEqualTo(List.of());
    }
}
