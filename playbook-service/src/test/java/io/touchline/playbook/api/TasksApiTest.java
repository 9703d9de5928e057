package io.touchline.playbook.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.touchline.messaging.EnvelopeCodec;
import io.touchline.messaging.Topics;
import io.touchline.playbook.TestSignals;
import io.touchline.testing.TestKafka;
import io.touchline.testing.TestKeys;
import io.touchline.testing.TouchlineTestResource;

/** CS ops working tasks over REST: conditional changes, the lifecycle, the worklist. */
@QuarkusTest
@WithTestResource(TouchlineTestResource.class)
class TasksApiTest {

    @Inject
    EnvelopeCodec codec;

    @Test
    void aCsmWorksATaskWithItsETagAndEveryChangeIsPublished() {
        TestSignals s = TestSignals.red("work-" + UUID.randomUUID()).tier("high-touch").produce();
        String id = awaitTasks(s.accountId(), 1).get(0);

        given().auth().oauth2(TestKeys.OPS).get("/v1/tasks/{id}", id).then().statusCode(200)
                .header("ETag", "\"1\"").body("version", equalTo(1)).body("status", equalTo("open"));
        given().auth().oauth2(TestKeys.OPS).contentType("application/json").body("{}")
                .post("/v1/tasks/{id}/acknowledge", id).then().statusCode(428).contentType("application/problem+json");
        change(id, "acknowledge", "\"0\"", "{}").statusCode(412).contentType("application/problem+json")
                .body("detail", equalTo("It changed since you read it: its ETag is now \"1\"; read it again and retry"));
        change(id, "acknowledge", "\"1\"", "{\"by\":\"kim\"}").statusCode(200).header("ETag", "\"2\"")
                .body("status", equalTo("acknowledged")).body("changedBy", equalTo("kim"));
        change(id, "acknowledge", "\"2\"", "{}").statusCode(409)
                .body("detail", equalTo("A task that is acknowledged cannot be acknowledged"));
        change(id, "reassign", "\"2\"", "{\"owner\":\"lee@vendor.example\",\"by\":\"kim\"}").statusCode(200)
                .header("ETag", "\"3\"").body("owner", equalTo("lee@vendor.example")).body("status", equalTo("acknowledged"));
        change(id, "complete", "\"3\"", "{\"note\":\"no outcome\"}").statusCode(400)
                .body("errors[0].field", equalTo("outcome")).body("errors[0].rule", equalTo("required"));
        change(id, "complete", "\"3\"", "{\"outcome\":\"recovered\",\"note\":\"champion re-engaged\",\"by\":\"lee\"}")
                .statusCode(200).header("ETag", "\"4\"").body("status", equalTo("completed"))
                .body("outcome", equalTo("recovered")).body("note", equalTo("champion re-engaged"));
        change(id, "dismiss", "\"4\"", "{\"reason\":\"late\"}").statusCode(409);
        change(id, "complete", "\"4\"", "{\"outcome\":\"x\",\"extra\":1}").statusCode(400)
                .body("errors[0].field", equalTo("extra")).body("errors[0].rule", equalTo("unknown"));

        assertThat(TestKafka.awaitExactly(Topics.CS_TASKS, s.key(), 4))
                .extracting(r -> codec.decode(r.value()).type() + " " + codec.decode(r.value()).id())
                .containsExactly("cs.task.created " + id + ":1", "cs.task.updated " + id + ":2",
                        "cs.task.updated " + id + ":3", "cs.task.completed " + id + ":4");
        given().auth().oauth2(TestKeys.OPS).get("/v1/accounts/{id}/timeline", s.accountId()).then().statusCode(200)
                .body("findAll { it.kind == 'task' }.task.change",
                        contains("created", "acknowledged", "reassigned", "completed"))
                .body("findAll { it.kind == 'task' }.task.actor", contains(null, "kim", "kim", "lee"))
                .body("[0].kind", equalTo("signal"));

        // Completed, the playbook's task no longer blocks the next one (after the 7-day cooldown).
        s.next(TestSignals.TUESDAY.plus(Duration.ofDays(8))).produce();
        awaitTasks(s.accountId(), 2);
    }

    @Test
    void aSnoozedTaskOpensAgainWhenItsSnoozeEndsAndADismissalNeedsAReason() {
        TestSignals s = TestSignals.red("snooze-" + UUID.randomUUID()).tier("high-touch").produce();
        String id = awaitTasks(s.accountId(), 1).get(0);

        change(id, "snooze", "\"1\"", "{\"until\":\"2020-01-01T00:00:00Z\"}").statusCode(400)
                .body("errors[0].field", equalTo("until")).body("errors[0].rule", equalTo("future"));
        change(id, "snooze", "\"1\"", "{\"until\":\"" + Instant.now().plusSeconds(1) + "\"}").statusCode(200)
                .body("status", equalTo("snoozed"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(TestKeys.OPS)
                .get("/v1/tasks/{id}", id).then().body("status", equalTo("open")).body("version", equalTo(3))
                .body("snoozedUntil", nullValue()));

        change(id, "dismiss", "\"3\"", "{}").statusCode(400).body("errors[0].field", equalTo("reason"));
        change(id, "dismiss", "\"3\"", "{\"reason\":\"customer asked for no calls\"}").statusCode(200)
                .body("status", equalTo("dismissed")).body("dismissReason", equalTo("customer asked for no calls"));
        assertThat(TestKafka.awaitExactly(Topics.CS_TASKS, s.key(), 4))
                .extracting(r -> codec.decode(r.value()).type())
                .containsExactly("cs.task.created", "cs.task.updated", "cs.task.updated", "cs.task.updated");
    }

    @Test
    void theWorklistFiltersAndPagesInDueDateOrder() {
        String owner = "pager-" + UUID.randomUUID() + "@vendor.example";
        List<String> due = new ArrayList<>();
        for (int day = 4; day >= 0; day--) {
            TestSignals s = TestSignals.red("page-" + day + "-" + UUID.randomUUID()).tier("high-touch").owner(owner)
                    .next(TestSignals.TUESDAY.plus(Duration.ofDays(day * 7L))).produce();
            due.add(0, s.accountId());
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(TestKeys.OPS)
                .queryParam("owner", owner).queryParam("limit", 500).get("/v1/tasks")
                .then().statusCode(200).body("items.size()", equalTo(5)));

        List<String> paged = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = given().auth().oauth2(TestKeys.OPS).queryParam("owner", owner).queryParam("limit", 2);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            var page = request.get("/v1/tasks").then().statusCode(200).extract().jsonPath();
            paged.addAll(page.getList("items.accountId", String.class));
            cursor = page.getString("next");
            pages++;
        } while (cursor != null);
        assertThat(paged).isEqualTo(due);
        assertThat(pages).isEqualTo(3);

        list(owner, "status", "open").body("items.size()", equalTo(5));
        list(owner, "status", "completed,dismissed").body("items.size()", equalTo(0));
        list(owner, "tier", "high-touch").body("items.size()", equalTo(5));
        list(owner, "priority", "low").body("items.size()", equalTo(0));
        list(owner, "playbookId", "health-red-high-touch").body("items.size()", equalTo(5));
        // Due on Thursday 2026-12-03 (the first) up to the same weekday four weeks on: before the third week's due date.
        list(owner, "dueBefore", "2026-12-17T00:00:00Z").body("items.accountId", contains(due.get(0), due.get(1)));
        list(owner, "dueAfter", "2026-12-24T00:00:00Z").body("items.accountId", contains(due.get(3), due.get(4)));
        list(owner, "accountId", due.get(2)).body("items.size()", equalTo(1)).body("items[0].dueDate",
                equalTo("2026-12-17"));

        badRequest("limit", "0", "range");
        badRequest("status", "done", "one-of");
        badRequest("tier", "gold", "one-of");
        badRequest("dueBefore", "tomorrow", "iso-8601");
        badRequest("cursor", "not-a-cursor", "cursor");
        given().get("/v1/tasks").then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(TestKeys.INGEST).get("/v1/tasks").then().statusCode(403)
                .contentType("application/problem+json");
        given().auth().oauth2(TestKeys.OPS).get("/v1/tasks/{id}", "no-such-task").then().statusCode(404);
        given().auth().oauth2(TestKeys.OTHER_TENANT_OPS).queryParam("owner", owner).get("/v1/tasks").then()
                .statusCode(200).body("items.size()", equalTo(0));
    }

    private static ValidatableResponse list(String owner, String param, String value) {
        return given().auth().oauth2(TestKeys.OPS).queryParam("owner", owner).queryParam(param, value).get("/v1/tasks")
                .then().statusCode(200);
    }

    private static void badRequest(String param, String value, String rule) {
        given().auth().oauth2(TestKeys.OPS).queryParam(param, value).get("/v1/tasks").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo(param))
                .body("errors[0].rule", equalTo(rule));
    }

    static ValidatableResponse change(String id, String action, String ifMatch, String body) {
        return given().auth().oauth2(TestKeys.OPS).contentType("application/json").header("If-Match", ifMatch).body(body)
                .post("/v1/tasks/{id}/" + action, id).then();
    }

    static List<String> awaitTasks(String account, int expected) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(TestKeys.OPS)
                .queryParam("accountId", account).get("/v1/tasks")
                .then().statusCode(200).body("items.size()", equalTo(expected)));
        return given().auth().oauth2(TestKeys.OPS).queryParam("accountId", account).get("/v1/tasks").then()
                .extract().jsonPath().getList("items.taskId", String.class);
    }
}
