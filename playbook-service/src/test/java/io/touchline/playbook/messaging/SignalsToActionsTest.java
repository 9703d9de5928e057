package io.touchline.playbook.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.touchline.messaging.Envelope;
import io.touchline.messaging.EnvelopeCodec;
import io.touchline.messaging.Topics;
import io.touchline.messaging.contract.CsTask;
import io.touchline.messaging.contract.TouchMessage;
import io.touchline.playbook.TestSignals;
import io.touchline.playbook.domain.Ids;
import io.touchline.testing.TestKafka;
import io.touchline.testing.TestKeys;
import io.touchline.testing.TouchlineTestResource;

/** Signals in, tasks and message requests out, on the real broker and database, with the default library. */
@QuarkusTest
@WithTestResource(TouchlineTestResource.class)
class SignalsToActionsTest {

    @Inject
    EnvelopeCodec codec;

    @Test
    void aHighTouchAccountGetsARiskReviewTaskForItsCsmAndATaskCreatedEvent() {
        TestSignals s = TestSignals.red("high-" + UUID.randomUUID()).tier("high-touch").produce();
        String taskId = Ids.task(s.signalId(), "health-red-high-touch", 0);

        tasksOf(s.accountId(), 1).body("items[0].taskId", equalTo(taskId))
                .body("items[0].title", equalTo("Risk review call"))
                .body("items[0].priority", equalTo("high"))
                .body("items[0].owner", equalTo("kim@vendor.example"))
                .body("items[0].status", equalTo("open"))
                .body("items[0].dueDate", equalTo("2026-12-03"))
                .body("items[0].dueAt", equalTo("2026-12-04T00:00:00Z"))
                .body("items[0].playbookId", equalTo("health-red-high-touch"))
                .body("items[0].playbookVersion", equalTo(1))
                .body("items[0].tier", equalTo("high-touch"))
                .body("items[0].checklist", contains("Read the health explanation and the recent moves",
                        "Call the champion", "Agree a recovery plan and record it"));

        Envelope created = codec.decode(TestKafka.awaitExactly(Topics.CS_TASKS, s.key(), 1).get(0).value());
        assertThat(created.id()).isEqualTo(taskId + ":1");
        assertThat(created.type()).isEqualTo("cs.task.created");
        assertThat(codec.payload(created, CsTask.class).title()).isEqualTo("Risk review call");
        TestKafka.awaitExactly(Topics.TOUCH_MESSAGES, s.key(), 0);
    }

    @Test
    void aLowTouchAccountGetsACheckInTaskAndAnEmailToItsMainContact() {
        TestSignals s = TestSignals.red("low-" + UUID.randomUUID()).produce();

        tasksOf(s.accountId(), 1).body("items[0].title", equalTo("Check-in call")).body("items[0].dueDate",
                equalTo("2026-12-08"));
        Envelope email = codec.decode(TestKafka.awaitExactly(Topics.TOUCH_MESSAGES, s.key(), 1).get(0).value());
        TouchMessage message = codec.payload(email, TouchMessage.class);
        assertThat(message).isEqualTo(new TouchMessage(Ids.message(s.signalId(), "health-red-low-touch", 1,
                "ceo@" + s.accountId()), "email", null, "How is it going?",
                "We noticed things have been harder lately. Reply to this email and we will set up a call.",
                Ids.task(s.signalId(), "health-red-low-touch", 0), "check-in", "primary-contact", "ceo@" + s.accountId(),
                "health-red-low-touch", 1, s.signalId()));
        assertThat(email.id()).isEqualTo(message.messageId());
    }

    @Test
    void aTechTouchAccountNeverGetsATaskOnlyMessagesAndTheAlertSaysWhy() {
        TestSignals first = TestSignals.red("tech-" + UUID.randomUUID()).tier("tech-touch")
                .ofType("ACCOUNT_FIRST_SEEN", "yellow").produce();
        first.ofType("HEALTH_BAND_CHANGED", "red").produce();

        // The welcome in-app message to both active users, then the re-engagement email; no task.
        List<ConsumerRecord<String, String>> messages = TestKafka.awaitExactly(Topics.TOUCH_MESSAGES, first.key(), 3);
        assertThat(messages).extracting(r -> codec.payload(codec.decode(r.value()), TouchMessage.class).templateId())
                .containsExactly("welcome", "welcome", "re-engagement");
        assertThat(messages).extracting(r -> codec.payload(codec.decode(r.value()), TouchMessage.class).recipientUserId())
                .containsExactly("u1", "u2", null);
        tasksOf(first.accountId(), 0);
        alerts(first.accountId()).body("items.signalType", contains("HEALTH_BAND_CHANGED", "ACCOUNT_FIRST_SEEN"))
                .body("items[1].actions.find { it.playbookId == 'welcome' && it.kind == 'task' }.outcome",
                        equalTo("suppressed"))
                .body("items[1].actions.find { it.playbookId == 'welcome' && it.kind == 'task' }.reason",
                        equalTo("never-rule"))
                .body("items[0].actions.outcome", contains("created"));
    }

    @Test
    void aSignalDeliveredTwiceOrReplayedLaterCreatesNothingNew() {
        TestSignals s = TestSignals.red("dup-" + UUID.randomUUID());
        TestKafka.produceAll(Topics.HEALTH_SIGNALS, List.of(s.envelope(), s.envelope()));
        tasksOf(s.accountId(), 1);
        TestKafka.awaitExactly(Topics.CS_TASKS, s.key(), 1);

        s.produce(); // replayed after it was applied
        TestKafka.awaitExactly(Topics.CS_TASKS, s.key(), 1);
        TestKafka.awaitExactly(Topics.TOUCH_MESSAGES, s.key(), 1);
        tasksOf(s.accountId(), 1);
        alerts(s.accountId()).body("items.size()", equalTo(1));
    }

    @Test
    void theCooldownHoldsThenLapses() {
        TestSignals first = TestSignals.red("cool-" + UUID.randomUUID()).tier("tech-touch").produce();
        // Two days later by the signals' clock: within the 7-day cooldown.
        TestSignals second = first.next(TestSignals.TUESDAY.plus(Duration.ofDays(2))).produce();
        // Eight days after the first: the cooldown and the weekly cap are over.
        TestSignals third = first.next(TestSignals.TUESDAY.plus(Duration.ofDays(8))).produce();

        TestKafka.awaitExactly(Topics.TOUCH_MESSAGES, first.key(), 2);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> alerts(first.accountId())
                .body("items.signalId", contains(third.signalId(), second.signalId(), first.signalId()))
                .body("items.collect { it.actions[0].outcome }", contains("created", "suppressed", "created"))
                .body("items[1].actions[0].reason", equalTo("cooldown")));
    }

    @Test
    void aChurnedAccountGetsNoActionAndTheAlertSaysSo() {
        TestSignals s = TestSignals.red("churned-" + UUID.randomUUID()).stage("churned").produce();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> alerts(s.accountId())
                .body("items[0].actions.reason", contains("churned", "churned")));
        tasksOf(s.accountId(), 0);
        TestKafka.awaitExactly(Topics.TOUCH_MESSAGES, s.key(), 0);
    }

    @Test
    void aPoisonSignalIsDeadLetteredAndTheSignalsAfterItAreApplied() {
        String account = "poison-" + UUID.randomUUID();
        String key = TestKeys.TENANT + ":" + account;
        TestKafka.produce(new ProducerRecord<>(Topics.HEALTH_SIGNALS, key, "{not json"));
        TestSignals good = TestSignals.red(account).produce();

        ConsumerRecord<String, String> dead = TestKafka.awaitDeadLetter(Topics.HEALTH_SIGNALS, key);
        assertThat(dead.value()).isEqualTo("{not json");
        assertThat(TestKafka.header(dead, "dead-letter-reason")).startsWith("poison: message is not JSON");
        assertThat(TestKafka.header(dead, "dead-letter-topic")).isEqualTo(Topics.HEALTH_SIGNALS);
        tasksOf(good.accountId(), 1);
    }

    @Test
    void aSignalBreakingTheContractIsDeadLettered() {
        TestSignals wrongBand = TestSignals.red("band-" + UUID.randomUUID()).ofType("HEALTH_BAND_CHANGED", "purple")
                .produce();

        ConsumerRecord<String, String> dead = TestKafka.awaitDeadLetter(Topics.HEALTH_SIGNALS, wrongBand.key());
        assertThat(TestKafka.header(dead, "dead-letter-reason"))
                .startsWith("poison: band must be one of").endsWith("was purple");
    }

    @Test
    void aNewTenantGetsTheDefaultLibraryAndItsTasksStayItsOwn() {
        TestSignals s = TestSignals.red("b-" + UUID.randomUUID()).tier("high-touch").tenant(TestKeys.OTHER_TENANT)
                .produce();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(TestKeys.OTHER_TENANT_OPS)
                .queryParam("accountId", s.accountId()).get("/v1/tasks")
                .then().statusCode(200).body("items.title", contains("Risk review call")));
        given().auth().oauth2(TestKeys.OPS).queryParam("accountId", s.accountId()).get("/v1/tasks")
                .then().statusCode(200).body("items.size()", equalTo(0));
        given().auth().oauth2(TestKeys.OTHER_TENANT_OPS).get("/v1/playbooks").then().statusCode(200)
                .body("size()", equalTo(18)).body("[0].id", equalTo("contact-changed-high-touch"));
    }

    @Test
    void aHistoricalSignalIsKeptForTheTimelineAndSimulationButActsOnNothing() {
        Instant at = Instant.parse("2025-03-04T10:00:00Z");
        TestSignals s = TestSignals.red("history-" + UUID.randomUUID()).tier("high-touch").next(at);
        Envelope historical = s.envelope();
        ((ObjectNode) historical.payload()).put("historical", true);
        TestKafka.produce(Topics.HEALTH_SIGNALS, historical);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(TestKeys.OPS)
                .queryParam("from", "2025-03-01T00:00:00Z").queryParam("to", "2025-03-08T00:00:00Z")
                .get("/v1/accounts/{id}/timeline", s.accountId()).then().statusCode(200)
                .body("kind", contains("signal")).body("[0].signal.signalId", equalTo(s.signalId())));
        tasksOf(s.accountId(), 0);
        alerts(s.accountId()).body("items.size()", equalTo(0));
        TestKafka.awaitExactly(Topics.TOUCH_MESSAGES, s.key(), 0);
        TestKafka.awaitExactly(Topics.CS_TASKS, s.key(), 0);

        // Simulated, the history gives the task the enabled playbook would have created.
        given().auth().oauth2(TestKeys.OPS).contentType("application/json")
                .body("{\"from\":\"2025-03-01T00:00:00Z\",\"to\":\"2025-03-08T00:00:00Z\",\"accounts\":1000}")
                .post("/v1/playbooks/{id}/simulate", "health-red-high-touch").then().statusCode(200)
                .body("result.matched", equalTo(1)).body("result.tasks", equalTo(1))
                .body("result.accounts[0].accountId", equalTo(s.accountId()));
    }

    static ValidatableResponse tasksOf(String account, int expected) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(TestKeys.OPS)
                .queryParam("accountId", account).get("/v1/tasks")
                .then().statusCode(200).body("items.size()", equalTo(expected)));
        return given().auth().oauth2(TestKeys.OPS).queryParam("accountId", account).get("/v1/tasks").then();
    }

    static ValidatableResponse alerts(String account) {
        return given().auth().oauth2(TestKeys.OPS).queryParam("accountId", account).get("/v1/alerts")
                .then().statusCode(200);
    }
}
