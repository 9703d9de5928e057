package io.touchline.notification;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.touchline.messaging.Envelope;
import io.touchline.messaging.EnvelopeCodec;
import io.touchline.messaging.Topics;
import io.touchline.messaging.contract.CsTask;
import io.touchline.messaging.contract.MessageTypes;
import io.touchline.messaging.contract.TouchMessage;
import io.touchline.testing.TestKafka;
import io.touchline.testing.TestKeys;

/** Requests as playbook-service publishes them, the tenant's channels, and reading deliveries back. */
public final class Fixtures {

    public static final Duration ARRIVAL = Duration.ofSeconds(30);

    private Fixtures() {
    }

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A touch message of the test tenant. */
    public static Envelope touch(EnvelopeCodec codec, String account, String channel, String recipient, String templateId) {
        String id = unique("msg");
        Instant now = Instant.now();
        TouchMessage message = new TouchMessage(id, channel, TouchMessage.IN_APP.equals(channel) ? recipient : null,
                "Title of " + templateId, "Body of " + templateId, null, templateId,
                TouchMessage.IN_APP.equals(channel) ? "active-users" : "primary-contact", recipient, "playbook-1", 1,
                "signal-" + id);
        return new Envelope(id, MessageTypes.TOUCH_MESSAGE, TestKeys.TENANT, account, now, now, codec.toTree(message));
    }

    /** A new task's event. */
    public static Envelope taskCreated(EnvelopeCodec codec, String account, String owner, String priority, String title) {
        String taskId = unique("task");
        Instant now = Instant.now();
        CsTask task = new CsTask(taskId, account, "contact-changed-high-touch", 1, "signal-" + taskId, "CONTACT_CHANGED",
                "high-touch", "adoption", title, List.of("Introduce yourself", "Walk them through the goals"), priority,
                owner, "open", LocalDate.of(2026, 12, 11), Instant.parse("2026-12-11T23:59:59Z"), null, null, null, null, 1,
                now, now, null);
        return new Envelope(taskId + ":1", MessageTypes.CS_TASK_CREATED, TestKeys.TENANT, account, now, now,
                codec.toTree(task));
    }

    public static void produceTouch(Envelope envelope) {
        TestKafka.produce(Topics.TOUCH_MESSAGES, envelope);
    }

    public static void produceTask(Envelope envelope) {
        TestKafka.produce(Topics.CS_TASKS, envelope);
    }

    /** Replaces the test tenant's channels: the defaults with these changes. */
    public static JsonPath channels(Map<String, Object> changes) {
        Map<String, Object> body = new HashMap<>(Map.of("timeZone", "UTC", "senderEmail", "cs@acme.test", "senderName",
                "Acme CS", "digestHour", 8, "emailCap", 1, "emailCapDays", 3, "csmChannel", "email", "webhookFormat",
                "json"));
        body.putAll(changes);
        body.values().removeIf(v -> v == null);
        return given().auth().oauth2(TestKeys.OPS).contentType(ContentType.JSON).body(body)
                .put("/v1/channels")
                .then().statusCode(200).extract().jsonPath();
    }

    /** A delivery of the test tenant, with its attempts. */
    public static JsonPath delivery(String id) {
        return given().auth().oauth2(TestKeys.OPS).get("/v1/deliveries/{id}", id)
                .then().statusCode(200).extract().jsonPath();
    }

    /** Waits until the delivery has this status, and returns it. */
    public static JsonPath awaitDelivery(String id, String status) {
        return awaitDelivery(id, found -> status.equals(found.getString("delivery.status")));
    }

    /** Waits until the delivery exists and matches, and returns it: the request may not have been consumed yet. */
    public static JsonPath awaitDelivery(String id, Predicate<JsonPath> matches) {
        return await().atMost(ARRIVAL).until(() -> {
            var response = given().auth().oauth2(TestKeys.OPS).get("/v1/deliveries/{id}", id);
            return response.statusCode() == 200 ? response.jsonPath() : null;
        }, found -> found != null && matches.test(found));
    }
}
