package io.touchline.notification.application;

import static io.restassured.RestAssured.given;
import static io.touchline.notification.Fixtures.awaitDelivery;
import static io.touchline.notification.Fixtures.delivery;
import static io.touchline.notification.Fixtures.produceTask;
import static io.touchline.notification.Fixtures.taskCreated;
import static io.touchline.notification.Fixtures.unique;
import static io.touchline.notification.GreenMailTestResource.mailsTo;
import static io.touchline.notification.GreenMailTestResource.part;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.touchline.messaging.Envelope;
import io.touchline.messaging.EnvelopeCodec;
import io.touchline.messaging.Topics;
import io.touchline.messaging.contract.MessageTypes;
import io.touchline.notification.Fixtures;
import io.touchline.notification.GreenMailTestResource;
import io.touchline.notification.domain.DigestSchedule;
import io.touchline.testing.TestKafka;
import io.touchline.testing.TestKeys;
import io.touchline.testing.TouchlineTestResource;
import io.touchline.testing.WebhookReceiver;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

@QuarkusTest
@WithTestResource(TouchlineTestResource.class)
@WithTestResource(GreenMailTestResource.class)
class TaskNotificationsTest {

    @Inject
    EnvelopeCodec codec;

    @Inject
    ObjectMapper mapper;

    @Inject
    Pool pool;

    @Test
    void aHighPriorityTaskIsEmailedToItsOwnerAtOnce() throws Exception {
        Fixtures.channels(Map.of());
        String owner = unique("csm") + "@acme.test";
        Envelope event = taskCreated(codec, unique("acme"), owner, "high", "Meet the new contact");

        produceTask(event);

        String id = "task:" + event.id().substring(0, event.id().indexOf(':'));
        JsonPath sent = awaitDelivery(id, "SENT");
        assertThat(sent.getString("delivery.kind")).isEqualTo("task");
        assertThat(sent.getString("delivery.recipient")).isEqualTo(owner);
        List<MimeMessage> mails = mailsTo(owner);
        assertThat(mails).hasSize(1);
        assertThat(mails.get(0).getSubject()).isEqualTo("New task: Meet the new contact");
        assertThat(part(mails.get(0), "text/plain").replace("\r\n", "\n"))
                .startsWith("A new high priority task is yours: Meet the new contact\n\nAccount: " + event.accountId())
                .contains("Due: 2026-12-11").contains("- Introduce yourself\n").contains("- Walk them through the goals\n");

        // A later change of the task tells nobody.
        Envelope updated = new Envelope(event.id().replace(":1", ":2"), MessageTypes.CS_TASK_UPDATED, event.tenantId(),
                event.accountId(), event.eventTime(), Instant.now(), event.payload());
        produceTask(updated);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(4)).until(() -> mailsTo(owner).size() == 1);
        given().auth().oauth2(TestKeys.OPS).queryParam("accountId", event.accountId()).get("/v1/deliveries")
                .then().statusCode(200).body("items.size()", equalTo(1));
    }

    @Test
    void otherTasksWaitForTheOwnersDailyDigestAtTheConfiguredHour() {
        Fixtures.channels(Map.of("timeZone", "Asia/Tokyo", "digestHour", 9));
        String owner = unique("csm") + "@acme.test";
        Envelope first = taskCreated(codec, unique("acme"), owner, "normal", "Propose an upsell");
        Envelope second = taskCreated(codec, unique("acme"), owner, "low", "Renewal call");
        Instant before = Instant.now();

        produceTask(first);
        produceTask(second);

        String firstId = "task:" + first.id().replace(":1", "");
        String secondId = "task:" + second.id().replace(":1", "");
        JsonPath waiting = await().atMost(Fixtures.ARRIVAL).until(() -> {
            var response = given().auth().oauth2(TestKeys.OPS).get("/v1/deliveries/{id}", secondId);
            return response.statusCode() == 200 ? response.jsonPath() : null;
        }, found -> found != null);
        assertThat(waiting.getString("delivery.kind")).isEqualTo("digest-item");
        assertThat(waiting.getString("delivery.status")).isEqualTo("PENDING");
        Instant digestAt = Instant.parse(waiting.getString("delivery.nextAttemptAt"));
        assertThat(digestAt).isIn(DigestSchedule.next(before, java.time.ZoneId.of("Asia/Tokyo"), 9),
                DigestSchedule.next(Instant.now(), java.time.ZoneId.of("Asia/Tokyo"), 9));
        assertThat(mailsTo(owner)).isEmpty();

        // The digest hour comes (the clock is moved for these two items only).
        pool.preparedQuery("update delivery set next_attempt_at = now() where tenant_id = $1 and id = any($2)")
                .execute(Tuple.of(TestKeys.TENANT, new String[] { firstId, secondId })).await().indefinitely();

        JsonPath item = awaitDelivery(firstId, "SENT");
        String digestId = item.getString("delivery.digestId");
        assertThat(digestId).startsWith("digest:email:" + owner + ":");
        assertThat(awaitDelivery(secondId, "SENT").getString("delivery.digestId")).isEqualTo(digestId);
        JsonPath digest = delivery(digestId);
        assertThat(digest.getString("delivery.status")).isEqualTo("SENT");
        assertThat(digest.getString("delivery.kind")).isEqualTo("digest");
        List<MimeMessage> mails = mailsTo(owner);
        assertThat(mails).hasSize(1);
        String text = part(mails.get(0), "text/plain").replace("\r\n", "\n");
        assertThat(text).startsWith("2 new tasks since your last digest:\n")
                .contains("- [normal] Propose an upsell: account " + first.accountId())
                .contains("- [low] Renewal call: account " + second.accountId());
    }

    /** A team queue reads its tasks in the task list: no email, no failure, nothing dead-lettered. */
    @Test
    void aTaskOwnedByATeamQueueIsNotEmailedNorCountedAsAFailure() {
        Fixtures.channels(Map.of());
        Envelope normal = taskCreated(codec, unique("acme"), "low-touch-team", "normal", "Check-in call");
        Envelope high = taskCreated(codec, unique("acme"), "high-touch-team", "high", "Risk review call");

        produceTask(normal);
        produceTask(high);

        for (Envelope task : List.of(normal, high)) {
            JsonPath suppressed = awaitDelivery("task:" + task.id().replace(":1", ""), "SUPPRESSED");
            assertThat(suppressed.getString("delivery.reason")).isEqualTo("owner-not-an-address");
            assertThat(suppressed.getList("attempts")).isEmpty();
        }
    }

    @Test
    void ownersAreToldInSlackWhenTheTenantSaysSo() throws Exception {
        try (WebhookReceiver slack = new WebhookReceiver()) {
            Fixtures.channels(Map.of("csmChannel", "webhook", "csmWebhookUrl", slack.url("/services/T/B/csm")));
            Envelope event = taskCreated(codec, unique("acme"), "Queue: high-touch", "high", "Risk review call");

            produceTask(event);

            awaitDelivery("task:" + event.id().replace(":1", ""), "SENT");
            assertThat(mapper.readTree(slack.received().get(0).body()).get("text").asText())
                    .isEqualTo("New high priority task for Queue: high-touch: *Risk review call* (account "
                            + event.accountId() + ", due 2026-12-11)");
        }
    }

    @Test
    void aRecordThatIsNotATaskEventIsDeadLettered() {
        String key = unique("acme");
        TestKafka.produce(Topics.CS_TASKS, key, "{not json");

        assertThat(TestKafka.awaitDeadLetter(Topics.CS_TASKS, key).value()).isEqualTo("{not json");
    }
}
