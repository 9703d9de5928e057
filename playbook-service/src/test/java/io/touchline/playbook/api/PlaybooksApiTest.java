package io.touchline.playbook.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.touchline.messaging.Topics;
import io.touchline.playbook.TestSignals;
import io.touchline.testing.TestKafka;
import io.touchline.testing.TestKeys;
import io.touchline.testing.TouchlineTestResource;

/**
 * Playbooks over REST: the default library, validation, versions, dry runs, settings, and
 * simulation checked against what the enabled playbook then does. Each test's playbook triggers
 * on a score no other test's signals have, so the tests' playbooks leave each other alone.
 */
@QuarkusTest
@WithTestResource(TouchlineTestResource.class)
class PlaybooksApiTest {

    /** A playbook on CHURN_RISK_HIGH at exactly this score: a task due the next business day and an email. */
    private static String definition(String id, String state, double score, String title) {
        return """
                {"id":"%s","name":"Churn risk at %s","state":"%s",
                 "trigger":{"signal":"CHURN_RISK_HIGH","score":{"min":%s,"max":%s}},
                 "actions":[{"type":"task","title":"%s","checklist":["Call"],"priority":"high","dueInBusinessDays":1},
                            {"type":"message","channel":"email","template":"check-in","audience":"primary-contact"}],
                 "guardRails":{"cooldown":"P3D","messagesPerWeek":2}}""".formatted(id, score, state, score, score, title);
    }

    /** A score no other test's (or earlier run's) signals have, for a test's own playbook to trigger on. */
    private static double uniqueScore() {
        return ThreadLocalRandom.current().nextInt(1, 100_000) / 1000.0;
    }

    private static TestSignals churn(String account, double score, int day, Instant base) {
        return TestSignals.red(account).ofType("CHURN_RISK_HIGH", "red").score(score).next(base.plus(Duration.ofDays(day)));
    }

    @Test
    void aTenantHasTheDefaultLibraryEachReadableWithItsVersion() {
        given().auth().oauth2(TestKeys.OPS).get("/v1/playbooks").then().statusCode(200)
                .body("id", hasItems("welcome", "health-red-high-touch", "health-red-low-touch", "health-red-tech-touch",
                        "inactive-high-touch", "onboarding-stalled-tech-touch", "contact-changed-low-touch",
                        "expansion-high-touch", "renewal-tech-touch"));
        given().auth().oauth2(TestKeys.OPS).get("/v1/playbooks/{id}", "health-red-low-touch").then().statusCode(200)
                .header("ETag", "\"1\"").body("state", equalTo("enabled"))
                .body("trigger.signal", equalTo("HEALTH_BAND_CHANGED")).body("trigger.bands", contains("red"))
                .body("trigger.tiers", contains("low-touch")).body("actions.type", contains("task", "message"))
                .body("guardRails.cooldown", equalTo("PT168H")).body("guardRails.messagesPerWeek", equalTo(2))
                .body("guardRails.never[0].action", equalTo("task"))
                .body("guardRails.never[0].tiers", contains("tech-touch"));
        given().auth().oauth2(TestKeys.OPS).get("/v1/playbooks/{id}", "no-such-playbook").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void aMalformedPlaybookIsA400NamingTheFieldAndNothingIsStored() {
        given().auth().oauth2(TestKeys.ADMIN).contentType("application/json")
                .body(definition("bad-one", "enabled", 1.5, "x").replace("CHURN_RISK_HIGH", "BORED"))
                .post("/v1/playbooks").then().statusCode(400).contentType("application/problem+json")
                .body("detail", equalTo("The playbook breaks 1 rule"))
                .body("errors[0].field", equalTo("trigger.signal")).body("errors[0].rule", equalTo("one-of"));
        given().auth().oauth2(TestKeys.ADMIN).contentType("application/json")
                .body(definition("bad-one", "enabled", 1.5, "x").replace("\"priority\"", "\"urgency\""))
                .post("/v1/playbooks").then().statusCode(400)
                .body("errors[0].field", equalTo("actions[0].urgency")).body("errors[0].rule", equalTo("unknown"));
        given().auth().oauth2(TestKeys.ADMIN).contentType("application/json")
                .body(definition("Bad One", "enabled", 1.5, "x")).post("/v1/playbooks").then().statusCode(400)
                .body("errors[0].field", equalTo("id")).body("errors[0].rule", equalTo("pattern"));
        given().auth().oauth2(TestKeys.ADMIN).contentType("application/json").body("{\"name\":")
                .post("/v1/playbooks").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(TestKeys.OPS).contentType("application/json")
                .body(definition("bad-one", "enabled", 1.5, "x")).post("/v1/playbooks").then().statusCode(403);
        given().auth().oauth2(TestKeys.OPS).get("/v1/playbooks/{id}", "bad-one").then().statusCode(404);
        given().auth().oauth2(TestKeys.ADMIN).contentType("application/json")
                .body(definition("other-id", "enabled", 1.5, "x")).put("/v1/playbooks/{id}", "welcome").then()
                .statusCode(400).body("errors[0].field", equalTo("id")).body("errors[0].rule", equalTo("matches-path"));
    }

    @Test
    void playbooksAreVersionedAndATaskRecordsTheVersionThatMadeIt() {
        String id = "versioned-" + UUID.randomUUID().toString().substring(0, 8);
        double score = uniqueScore();
        given().auth().oauth2(TestKeys.ADMIN).contentType("application/json")
                .body(definition(id, "enabled", score, "Call, version 1")).post("/v1/playbooks").then().statusCode(201)
                .header("ETag", "\"1\"").header("Location", org.hamcrest.Matchers.endsWith("/v1/playbooks/" + id))
                .body("version", equalTo(1));
        given().auth().oauth2(TestKeys.ADMIN).contentType("application/json")
                .body(definition(id, "enabled", score, "again")).post("/v1/playbooks").then().statusCode(409);

        TestSignals one = churn("v1-" + UUID.randomUUID(), score, 0, TestSignals.TUESDAY).produce();
        TasksApiTest.awaitTasks(one.accountId(), 1);
        given().auth().oauth2(TestKeys.OPS).queryParam("accountId", one.accountId()).get("/v1/tasks").then()
                .body("items[0].playbookVersion", equalTo(1)).body("items[0].title", equalTo("Call, version 1"))
                .body("items[0].dueDate", equalTo("2026-12-02"));

        String v2 = definition(id, "enabled", score, "Call, version 2");
        given().auth().oauth2(TestKeys.ADMIN).contentType("application/json").header("If-Match", "\"1\"").body(v2)
                .put("/v1/playbooks/{id}", id).then().statusCode(200).header("ETag", "\"2\"");
        given().auth().oauth2(TestKeys.ADMIN).contentType("application/json").header("If-Match", "\"1\"").body(v2)
                .put("/v1/playbooks/{id}", id).then().statusCode(412);
        TestSignals two = churn("v2-" + UUID.randomUUID(), score, 0, TestSignals.TUESDAY).produce();
        TasksApiTest.awaitTasks(two.accountId(), 1);
        given().auth().oauth2(TestKeys.OPS).queryParam("accountId", two.accountId()).get("/v1/tasks").then()
                .body("items[0].playbookVersion", equalTo(2)).body("items[0].title", equalTo("Call, version 2"));
        given().auth().oauth2(TestKeys.OPS).get("/v1/playbooks/{id}/versions", id).then().statusCode(200)
                .body("version", contains(2, 1));
        given().auth().oauth2(TestKeys.OPS).queryParam("version", 1).get("/v1/playbooks/{id}", id).then()
                .statusCode(200).body("actions[0].title", equalTo("Call, version 1"));

        given().auth().oauth2(TestKeys.ADMIN).header("If-Match", "\"2\"").delete("/v1/playbooks/{id}", id).then()
                .statusCode(204);
        given().auth().oauth2(TestKeys.OPS).get("/v1/playbooks/{id}", id).then().statusCode(404);
        TestSignals three = churn("v3-" + UUID.randomUUID(), score, 0, TestSignals.TUESDAY).produce();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(TestKeys.OPS)
                .queryParam("accountId", three.accountId()).get("/v1/alerts").then()
                .body("items.size()", equalTo(1)).body("items[0].actions.size()", equalTo(0)));
        TasksApiTest.awaitTasks(three.accountId(), 0);
    }

    @Test
    void aDryRunPlaybookRecordsWhatItWouldDoAndDoesNothing() {
        String id = "dry-" + UUID.randomUUID().toString().substring(0, 8);
        double score = uniqueScore();
        given().auth().oauth2(TestKeys.ADMIN).contentType("application/json")
                .body(definition(id, "dry-run", score, "Would call")).post("/v1/playbooks").then().statusCode(201);

        TestSignals s = churn("dry-" + UUID.randomUUID(), score, 0, TestSignals.TUESDAY).produce();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(TestKeys.OPS)
                .queryParam("accountId", s.accountId()).get("/v1/alerts").then()
                .body("items[0].actions.outcome", contains("suppressed", "suppressed"))
                .body("items[0].actions.reason", contains("dry-run", "dry-run"))
                .body("items[0].actions[1].recipients", contains("ceo@" + s.accountId())));
        TasksApiTest.awaitTasks(s.accountId(), 0);
        TestKafka.awaitExactly(Topics.TOUCH_MESSAGES, s.key(), 0);
    }

    @Test
    void simulationOverAHistoryAgreesExactlyWithWhatEnablingThePlaybookThenDoes() {
        String id = "sim-" + UUID.randomUUID().toString().substring(0, 8);
        double score = uniqueScore();
        Instant base = Instant.parse("2026-10-05T09:00:00Z"); // a Monday
        Instant from = base.minus(Duration.ofDays(1));
        Instant to = base.plus(Duration.ofDays(20));
        given().auth().oauth2(TestKeys.ADMIN).contentType("application/json")
                .body(definition(id, "disabled", score, "Save the account")).post("/v1/playbooks").then().statusCode(201);

        // The history: four accounts' churn-risk signals over ten days, while the playbook is disabled.
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, int[]> days = new LinkedHashMap<>();
        days.put("high", new int[] { 0, 1, 4, 9 });
        days.put("low", new int[] { 0, 2, 6 });
        days.put("tech", new int[] { 0, 3, 5 });
        days.put("silent", new int[] { 0 });
        produceHistory("before-" + run, days, score, base);
        awaitAlerts("before-" + run, days);

        JsonPath before = simulate(id, from, to).statusCode(200).body("version", equalTo(1))
                .body("result.matched", equalTo(11)).extract().jsonPath();
        Map<String, List<Integer>> simulated = perAccount(before, "before-" + run);
        // The guard rails, worked out by hand: see the cooldown (3 days), the open task and the cap (2 a week).
        assertThat(simulated).isEqualTo(Map.of("high", List.of(1, 3), "low", List.of(1, 2), "tech", List.of(0, 2),
                "silent", List.of(1, 0)));
        assertThat(before.getMap("result.suppressed")).isEqualTo(Map.of("cooldown", 6, "duplicate", 3,
                "never-rule", 2, "no-recipient", 1));
        assertThat(before.getInt("result.tasks")).isEqualTo(3);
        assertThat(before.getInt("result.messages")).isEqualTo(7);
        assertThat(before.getList("result.byWeek.weekStart", String.class)).containsExactly("2026-10-05", "2026-10-12");
        assertThat(before.getInt("result.byTier.'high-touch'.tasks")).isEqualTo(1);
        assertThat(before.getInt("result.byTier.'high-touch'.messages")).isEqualTo(3);

        // Enabled, the same history (for a second set of accounts) does exactly what was simulated.
        given().auth().oauth2(TestKeys.ADMIN).contentType("application/json").header("If-Match", "\"1\"")
                .body(definition(id, "enabled", score, "Save the account")).put("/v1/playbooks/{id}", id).then()
                .statusCode(200);
        produceHistory("after-" + run, days, score, base);
        Map<String, List<Integer>> live = new HashMap<>();
        for (String account : days.keySet()) {
            String accountId = "after-" + run + "-" + account;
            int tasks = TasksApiTest.awaitTasks(accountId, simulated.get(account).get(0)).size();
            int messages = TestKafka.awaitExactly(Topics.TOUCH_MESSAGES, TestKeys.TENANT + ":" + accountId,
                    simulated.get(account).get(1)).size();
            live.put(account, List.of(tasks, messages));
        }
        assertThat(live).isEqualTo(simulated);
        JsonPath after = simulate(id, from, to).statusCode(200).body("version", equalTo(2)).extract().jsonPath();
        assertThat(perAccount(after, "after-" + run)).isEqualTo(simulated);
        assertThat(perAccount(after, "before-" + run)).isEqualTo(simulated);

        simulate(id, to, from).statusCode(400).body("errors[0].field", equalTo("to"));
        given().auth().oauth2(TestKeys.OPS).contentType("application/json").body("{\"to\":\"" + to + "\"}")
                .post("/v1/playbooks/{id}/simulate", id).then().statusCode(400).body("errors[0].field", equalTo("from"));
        simulate("no-such-playbook", from, to).statusCode(404);
    }

    @Test
    void tenantSettingsDecideTheTimeZoneOfDueDatesAndTheQueueOfTasksWithoutACsm() {
        String settings = """
                {"timeZone":"Asia/Tokyo","queues":{"high-touch":"tokyo-vip"},"fallbackOwner":"tokyo-cs"}""";
        given().auth().oauth2(TestKeys.OTHER_TENANT_ADMIN).contentType("application/json").body(settings)
                .put("/v1/playbook-settings").then().statusCode(200).body("timeZone", equalTo("Asia/Tokyo"));
        given().auth().oauth2(TestKeys.OTHER_TENANT_OPS).get("/v1/playbook-settings").then().statusCode(200)
                .body("queues.high-touch", equalTo("tokyo-vip")).body("fallbackOwner", equalTo("tokyo-cs"));

        // Friday 16:00 UTC is Saturday 01:00 in Tokyo: 2 business days after Monday, Wednesday (in UTC:
        // 2 after Friday, Tuesday).
        TestSignals s = TestSignals.red("tokyo-" + UUID.randomUUID()).tier("high-touch").owner(null)
                .tenant(TestKeys.OTHER_TENANT).next(Instant.parse("2026-12-04T16:00:00Z")).produce();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(TestKeys.OTHER_TENANT_OPS)
                .queryParam("accountId", s.accountId()).get("/v1/tasks").then()
                .body("items.owner", contains("tokyo-vip")).body("items.dueDate", contains("2026-12-09")));

        given().auth().oauth2(TestKeys.OTHER_TENANT_ADMIN).contentType("application/json")
                .body(settings.replace("Asia/Tokyo", "Mars/Olympus")).put("/v1/playbook-settings").then()
                .statusCode(400).body("errors[0].field", equalTo("timeZone"));
        given().auth().oauth2(TestKeys.OTHER_TENANT_ADMIN).contentType("application/json")
                .body(settings.replace("high-touch", "gold")).put("/v1/playbook-settings").then()
                .statusCode(400).body("errors[0].field", equalTo("queues"));
        given().auth().oauth2(TestKeys.OTHER_TENANT_OPS).contentType("application/json").body(settings)
                .put("/v1/playbook-settings").then().statusCode(403);
    }

    private static void produceHistory(String prefix, Map<String, int[]> days, double score, Instant base) {
        Map<String, String> tiers = Map.of("high", "high-touch", "low", "low-touch", "tech", "tech-touch");
        for (Map.Entry<String, int[]> account : days.entrySet()) {
            for (int day : account.getValue()) {
                TestSignals s = churn(prefix + "-" + account.getKey(), score, day, base).tier(tiers.get(account.getKey()));
                if (account.getKey().equals("silent")) {
                    s = s.contact(null);
                }
                s.produce();
            }
        }
    }

    private static void awaitAlerts(String prefix, Map<String, int[]> days) {
        for (Map.Entry<String, int[]> account : days.entrySet()) {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(TestKeys.OPS)
                    .queryParam("accountId", prefix + "-" + account.getKey()).get("/v1/alerts").then()
                    .body("items.size()", equalTo(account.getValue().length)));
        }
    }

    private static ValidatableResponse simulate(String id, Instant from, Instant to) {
        return given().auth().oauth2(TestKeys.OPS).contentType("application/json")
                .body("{\"from\":\"" + from + "\",\"to\":\"" + to + "\",\"accounts\":1000}")
                .post("/v1/playbooks/{id}/simulate", id).then();
    }

    /** Tasks and messages per account of the run, by the account's short name. */
    private static Map<String, List<Integer>> perAccount(JsonPath report, String prefix) {
        Map<String, List<Integer>> result = new HashMap<>();
        List<Map<String, Object>> accounts = report.getList("result.accounts");
        for (Map<String, Object> a : accounts) {
            String accountId = (String) a.get("accountId");
            if (accountId.startsWith(prefix + "-")) {
                result.put(accountId.substring(prefix.length() + 1),
                        List.of((Integer) a.get("tasks"), (Integer) a.get("messages")));
            }
        }
        return result;
    }
}
