package io.touchline.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;

import io.touchline.testing.TestKeys;

/**
 * The whole path on real infrastructure: the four packaged services run as separate processes
 * against one Kafka broker and one PostgreSQL database, and an event posted to ingest-service
 * becomes a CSM task on playbook-service, an inbox entry and an email on notification-service
 * (sent to an SMTP server in this JVM).
 */
class EndToEndIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ServiceProcess ingest;
    private static ServiceProcess scoring;
    private static ServiceProcess playbook;
    private static ServiceProcess notification;
    private static GreenMail mail;

    @BeforeAll
    static void startTheServices() {
        Pipeline pipeline = Pipeline.get();
        ingest = pipeline.ingest;
        scoring = pipeline.scoring;
        playbook = pipeline.playbook;
        notification = pipeline.notification;
        mail = pipeline.mail;
    }

    private static List<ServiceProcess> all() {
        return Pipeline.get().services();
    }

    @Test
    void anEventPostedToIngestBecomesATaskAndAnInboxEntry() throws Exception {
        String account = "acme-" + UUID.randomUUID();
        String user = "user-" + UUID.randomUUID();

        HttpResponse<String> accepted = ingest.post("/v1/track", TestKeys.INGEST, """
                {"userId":"%s","groupId":"%s","event":"Dashboard Viewed"}""".formatted(user, account));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        assertThat(JSON.readTree(accepted.body()).get("success").asBoolean()).isTrue();

        JsonNode task = await("task on playbook-service").atMost(Duration.ofSeconds(30))
                .until(() -> json(playbook.get("/v1/tasks?accountId=" + account, TestKeys.OPS)).get("items"),
                        list -> list.size() == 1)
                .get(0);
        assertThat(task.get("signalType").asText()).isEqualTo("ACCOUNT_FIRST_SEEN");
        assertThat(task.get("playbookId").asText()).isEqualTo("welcome");
        assertThat(task.get("status").asText()).isEqualTo("open");

        JsonNode entry = await("inbox entry on notification-service").atMost(Duration.ofSeconds(30))
                .until(() -> json(notification.get("/v1/inbox/" + user, TestKeys.OPS)).get("items"),
                        list -> list.size() == 1)
                .get(0);
        assertThat(entry.get("accountId").asText()).isEqualTo(account);
        assertThat(entry.get("title").asText()).isEqualTo("Welcome aboard");

        JsonNode health = json(scoring.get("/v1/accounts/" + account + "/health", TestKeys.OPS));
        // One event: only recency has data, and the account was active just now.
        assertThat(health.get("score").asDouble()).isEqualTo(100.0);
        assertThat(health.get("band").asText()).isEqualTo("green");
        assertThat(health.get("partial").asBoolean()).isTrue();
        assertThat(health.get("eventsApplied").asLong()).isEqualTo(1);
    }

    /**
     * A high-touch account's main contact changes: scoring signals it, playbook-service opens a
     * high-priority task for the account's CSM, and notification-service emails the CSM at once.
     */
    @Test
    void aHighTouchContactChangeEndsAsAnEmailToTheAccountsOwner() throws Exception {
        String account = "globex-" + UUID.randomUUID();
        String owner = "csm-" + UUID.randomUUID() + "@touchline.test";
        String group = """
                {"userId":"u-1","groupId":"%s","traits":{"mrr":650000,"currency":"JPY","csmOwner":"%s","primaryContact":"%s"}}""";

        assertThat(ingest.post("/v1/group", TestKeys.INGEST, group.formatted(account, owner, "ada@globex.test"))
                .statusCode()).isEqualTo(200);
        await("the first contact is known").atMost(Duration.ofSeconds(30))
                .until(() -> json(playbook.get("/v1/tasks?accountId=" + account, TestKeys.OPS)).get("items").size() == 1);
        assertThat(ingest.post("/v1/group", TestKeys.INGEST, group.formatted(account, owner, "bob@globex.test"))
                .statusCode()).isEqualTo(200);

        JsonNode delivery = await("an email to the owner").atMost(Duration.ofSeconds(30))
                .until(() -> json(
                        notification.get("/v1/deliveries?accountId=" + account + "&channel=email&status=SENT", TestKeys.OPS))
                        .get("items"), items -> items.size() == 1)
                .get(0);
        assertThat(delivery.get("kind").asText()).isEqualTo("task");
        assertThat(delivery.get("channel").asText()).isEqualTo("email");
        assertThat(delivery.get("recipient").asText()).isEqualTo(owner);
        assertThat(delivery.get("title").asText()).isEqualTo("Meet the new contact");
        MimeMessage[] received = mail.getReceivedMessagesForDomain("touchline.test");
        assertThat(Stream.of(received).filter(m -> recipient(m).equals(owner)).map(EndToEndIT::subject))
                .containsExactly("New task: Meet the new contact");
    }

    private static String recipient(MimeMessage message) {
        try {
            return message.getAllRecipients()[0].toString();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everyServiceIsReadyOnKafkaTheDatabaseAndItsConsumersAndExportsPrometheusMetrics() throws Exception {
        for (ServiceProcess service : all()) {
            JsonNode ready = json(service.management("/q/health/ready"));
            assertThat(ready.get("status").asText()).as(service.name).isEqualTo("UP");
            List<String> checks = ready.get("checks").findValuesAsText("name");
            assertThat(checks).as(service.name)
                    .anyMatch(name -> name.contains("Kafka connection"))
                    .anyMatch(name -> name.equals("Kafka consumers have partitions"))
                    .anyMatch(name -> name.contains("PostgreSQL") || name.contains("Database"));

            HttpResponse<String> metrics = service.management("/q/metrics");
            assertThat(metrics.statusCode()).as(service.name).isEqualTo(200);
            assertThat(metrics.body()).as(service.name).contains("jvm_memory_used_bytes");
        }
    }

    /** Probes, metrics and the API description only on the management port; /q/* is 404 on the public one. */
    @Test
    void managementEndpointsAnswerOnlyOnTheManagementPort() {
        for (ServiceProcess service : all()) {
            for (String path : List.of("/q/health", "/q/health/live", "/q/health/ready", "/q/metrics", "/q/openapi")) {
                assertThat(service.management(path).statusCode()).as(service.name + " management " + path).isEqualTo(200);
                assertThat(service.get(path, null).statusCode()).as(service.name + " public " + path).isEqualTo(404);
            }
        }
    }

    @Test
    void badInputToIngestIsAProblemNeverA500() throws Exception {
        HttpResponse<String> malformed = ingest.post("/v1/track", TestKeys.INGEST, "{\"userId\":");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));

        HttpResponse<String> noAccount = ingest.post("/v1/track", TestKeys.INGEST,
                "{\"userId\":\"u1\",\"event\":\"Login\"}");
        assertThat(noAccount.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noAccount.body()).at("/errors/0/field").asText()).isEqualTo("groupId");
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
        return JSON.readTree(response.body());
    }
}
