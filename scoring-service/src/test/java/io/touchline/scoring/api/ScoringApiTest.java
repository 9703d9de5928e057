package io.touchline.scoring.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.touchline.messaging.Envelope;
import io.touchline.messaging.Topics;
import io.touchline.scoring.store.RescoreJobStore;
import io.touchline.testing.TestKafka;
import io.touchline.testing.TestKeys;
import io.touchline.testing.TouchlineTestResource;

/** Overrides, account lists and scorecard versions over REST, on the real broker and database. */
@QuarkusTest
@WithTestResource(TouchlineTestResource.class)
class ScoringApiTest {

    @Inject
    ObjectMapper mapper;

    @Test
    void anOverrideHoldsThroughRecomputationUntilRemovedAndIsAudited() {
        String account = "override-" + UUID.randomUUID();
        produceAndAwait(account, "u1", 1);
        String body = "{\"score\":30,\"reason\":\"champion left\",\"author\":\"kim\",\"expiresAt\":\""
                + Instant.now().plus(Duration.ofDays(30)) + "\"}";
        given().auth().oauth2(TestKeys.OPS).contentType("application/json").body(body)
                .put("/v1/accounts/{id}/override", account).then().statusCode(200).body("author", equalTo("kim"));
        health(account).body("score", equalTo(30.0f)).body("band", equalTo("red")).body("overridden", equalTo(true))
                .body("computedScore", equalTo(100.0f));

        produceAndAwait(account, "u2", 2); // recomputation keeps the override
        health(account).body("score", equalTo(30.0f)).body("computedScore", equalTo(100.0f));
        given().auth().oauth2(TestKeys.OPS).queryParam("band", "red").queryParam("limit", 500)
                .get("/v1/accounts").then().statusCode(200).body("items.accountId", hasItem(account));

        given().auth().oauth2(TestKeys.OPS).queryParam("removedBy", "lee").delete("/v1/accounts/{id}/override", account)
                .then().statusCode(204);
        health(account).body("score", equalTo(100.0f)).body("band", equalTo("green")).body("overridden", equalTo(false));
        given().auth().oauth2(TestKeys.OPS).get("/v1/accounts/{id}/overrides", account).then().statusCode(200)
                .body("author", contains("kim")).body("removedBy", contains("lee"));

        given().auth().oauth2(TestKeys.OPS).contentType("application/json")
                .body("{\"score\":130,\"reason\":\"x\",\"author\":\"kim\",\"expiresAt\":\"2999-01-01T00:00:00Z\"}")
                .put("/v1/accounts/{id}/override", account).then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("score"));
        given().auth().oauth2(TestKeys.OPS).queryParam("sort", "mood").get("/v1/accounts").then().statusCode(400)
                .body("errors[0].field", equalTo("sort"));
    }

    /** Found by the reliability suite's fuzzing: PostgreSQL cannot hold a NUL in text, which was a 500. */
    @Test
    void aNulCharacterInAPathOrQueryParameterIsA400NamingIt() {
        given().auth().oauth2(TestKeys.OPS).urlEncodingEnabled(false).get("/v1/accounts/a%00b/health").then()
                .statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("accountId")).body("errors[0].rule", equalTo("characters"));
        given().auth().oauth2(TestKeys.OPS).urlEncodingEnabled(false).get("/v1/accounts/acme/history?until=%00").then()
                .statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("until"));
    }

    /** Found by the reliability suite's fuzzing: the HTTP server's own 413 had no body. */
    @Test
    void aBodyOverTheServersLimitIsA413ProblemBeforeItIsRead() {
        String tooLarge = "{\"reason\":\"" + "x".repeat(10240 * 1024) + "\"}";
        given().auth().oauth2(TestKeys.OPS).contentType("application/json").body(tooLarge)
                .put("/v1/accounts/{id}/override", "acme").then().statusCode(413)
                .contentType("application/problem+json").body("errors[0].field", equalTo("body"))
                .body("errors[0].rule", equalTo("max-size"))
                .body("errors[0].message", equalTo("must be at most " + 10240 * 1024 + " bytes"));
    }

    @Test
    void aTierPinHoldsThroughRecomputationUntilRemovedAndIsAudited() {
        String account = "pin-" + UUID.randomUUID();
        produceAndAwait(account, "u1", 1);
        health(account).body("tier", nullValue()).body("explanation.tierBasis", equalTo("unknown"));

        given().auth().oauth2(TestKeys.OPS).contentType("application/json")
                .body("{\"tier\":\"high-touch\",\"reason\":\"reference logo\",\"author\":\"kim\"}")
                .put("/v1/accounts/{id}/tier", account).then().statusCode(200).body("tier", equalTo("high-touch"));
        health(account).body("tier", equalTo("high-touch")).body("explanation.tierBasis", equalTo("pin"));
        produceAndAwait(account, "u2", 2); // recomputation keeps the pin
        health(account).body("tier", equalTo("high-touch"));

        given().auth().oauth2(TestKeys.OPS).queryParam("removedBy", "lee").delete("/v1/accounts/{id}/tier", account)
                .then().statusCode(204);
        health(account).body("tier", nullValue()).body("explanation.tierBasis", equalTo("unknown"));
        given().auth().oauth2(TestKeys.OPS).get("/v1/accounts/{id}/tier-pins", account).then().statusCode(200)
                .body("tier", contains("high-touch")).body("author", contains("kim")).body("removedBy", contains("lee"));

        badRequest(given().auth().oauth2(TestKeys.OPS).contentType("application/json")
                .body("{\"tier\":\"gold\",\"reason\":\"x\",\"author\":\"kim\"}")
                .put("/v1/accounts/{id}/tier", account), "tier", "one-of",
                "must be one of [high-touch, low-touch, tech-touch]");
        given().auth().oauth2(TestKeys.OPS).queryParam("removedBy", "lee").delete("/v1/accounts/{id}/tier", account)
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(TestKeys.INGEST).contentType("application/json")
                .body("{\"tier\":\"low-touch\",\"reason\":\"x\",\"author\":\"kim\"}")
                .put("/v1/accounts/{id}/tier", account).then().statusCode(403);
    }

    @Test
    void aGroupCallWithStatusChurnedMovesTheAccountToTheChurnedStage() {
        String account = "churned-" + UUID.randomUUID();
        produceAndAwait(account, "u1", 1);
        health(account).body("stage", equalTo("onboarding"));

        ObjectNode payload = mapper.createObjectNode().put("type", "group").put("userId", "u1").put("groupId", account);
        payload.putObject("accountTraits").put("status", "churned");
        Instant now = Instant.now();
        TestKafka.produce(Topics.USAGE_EVENTS, new Envelope(TestKeys.TENANT + ":" + UUID.randomUUID(), "usage.group",
                TestKeys.TENANT, account, now, now, payload));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> health(account).body("stage", equalTo("churned"))
                .body("explanation.stage", equalTo("churned")));
    }

    @Test
    void aScorecardVersionIsValidatedStoredActivatedAndReScoresTheTenant() {
        String account = "card-" + UUID.randomUUID();
        produceAndAwait(account, "u1", 1);

        given().auth().oauth2(TestKeys.ADMIN).contentType("application/json")
                .body("{\"measures\":{\"RECENCY\":{\"weight\":-1}},\"bands\":{\"redBelow\":80,\"greenFrom\":60}}")
                .post("/v1/scorecards/validate").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", contains("measures.RECENCY.weight", "bands"));
        given().auth().oauth2(TestKeys.OPS).contentType("application/json").body("{}")
                .post("/v1/scorecards").then().statusCode(403);

        given().auth().oauth2(TestKeys.ADMIN).contentType("application/json")
                .body("{\"bands\":{\"redBelow\":50,\"greenFrom\":101}}")
                .post("/v1/scorecards").then().statusCode(400).body("errors[0].field", equalTo("bands"));
        int version = given().auth().oauth2(TestKeys.ADMIN).contentType("application/json")
                .body("{\"bands\":{\"redBelow\":50,\"greenFrom\":100,\"hysteresis\":0}}")
                .post("/v1/scorecards").then().statusCode(201).extract().path("version");
        String location = given().auth().oauth2(TestKeys.ADMIN).post("/v1/scorecards/{v}/activate", version)
                .then().statusCode(202).extract().header("Location");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(TestKeys.OPS).get(location)
                .then().statusCode(200).body("status", equalTo("done")));
        // 100 is the lowest green now; the account's 100 stays green, under the new version.
        health(account).body("scorecardVersion", equalTo(version)).body("band", equalTo("green"));
        given().auth().oauth2(TestKeys.ADMIN).post("/v1/scorecards/{v}/activate", 1).then().statusCode(202);
    }

    @Test
    void anAdminReScoresTheTenantUnderItsActiveScorecardAndFollowsTheProgress() {
        String account = "rescore-" + UUID.randomUUID();
        produceAndAwait(account, "u1", 1);
        int historyBefore = given().auth().oauth2(TestKeys.OPS).get("/v1/accounts/{id}/history", account)
                .then().statusCode(200).extract().path("size()");

        given().auth().oauth2(TestKeys.OPS).post("/v1/rescores").then().statusCode(403)
                .contentType("application/problem+json");
        var started = given().auth().oauth2(TestKeys.ADMIN).post("/v1/rescores").then().statusCode(202)
                .body("tenantId", equalTo(TestKeys.TENANT)).body("version", equalTo(1)).extract();
        long id = ((Number) started.path("id")).longValue();
        assertThat(started.header("Location")).endsWith("/v1/rescores/" + id);
        assertThat(started.<Integer> path("total")).isPositive();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(TestKeys.OPS)
                .get("/v1/rescores/{id}", id).then().statusCode(200).body("status", equalTo("done"))
                .body("done", equalTo(started.<Integer> path("total"))));
        given().auth().oauth2(TestKeys.OPS).get("/v1/rescores").then().statusCode(200)
                .body("[0].id", equalTo((int) id)).body("[0].status", equalTo("done"));
        given().auth().oauth2(TestKeys.OPS).queryParam("limit", 0).get("/v1/rescores").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("limit"));
        // Scored on its own clock under the same scorecard: the score holds, so no history point.
        health(account).body("scorecardVersion", equalTo(1)).body("score", equalTo(100.0f));
        given().auth().oauth2(TestKeys.OPS).get("/v1/accounts/{id}/history", account)
                .then().body("size()", equalTo(historyBefore));
    }

    @Test
    void badInputGetsAProblemNamingTheFieldAndTheRuleAndChangesNothing() {
        String account = "bad-input-" + UUID.randomUUID();
        produceAndAwait(account, "u1", 1);
        String future = "\"" + Instant.now().plus(Duration.ofDays(30)) + "\"";
        badRequest(given().auth().oauth2(TestKeys.OPS).contentType("application/json")
                .body("{\"score\":\"high\",\"reason\":\"r\",\"author\":\"kim\",\"expiresAt\":" + future + "}")
                .put("/v1/accounts/{id}/override", account), "score", "type", "must be a number");
        badRequest(given().auth().oauth2(TestKeys.OPS).contentType("application/json")
                .body("{\"score\":30,\"reason\":\"r\",\"author\":\"kim\",\"expiresAt\":\"next week\"}")
                .put("/v1/accounts/{id}/override", account), "expiresAt", "type", "must be an ISO-8601 instant");
        badRequest(given().auth().oauth2(TestKeys.OPS).contentType("application/json")
                .body("{\"score\":30,\"reason\":\"r\",\"author\":\"kim\",\"expiresAt\":\"2999-01-01T00:00:00Z\"}")
                .put("/v1/accounts/{id}/override", account), "expiresAt", "range", "must be at most 10 years ahead");
        badRequest(given().auth().oauth2(TestKeys.OPS).queryParam("limit", "ten").get("/v1/accounts"),
                "limit", "type", "must be a whole number between 1 and 500");
        badRequest(given().auth().oauth2(TestKeys.OPS).queryParam("trend7dBelow", "NaN").get("/v1/accounts"),
                "trend7dBelow", "type", "must be a finite number");
        badRequest(given().auth().oauth2(TestKeys.OPS).queryParam("tier", "gold").get("/v1/accounts"),
                "tier", "enum", "must be one of [high-touch, low-touch, tech-touch]");
        badRequest(given().auth().oauth2(TestKeys.OPS).queryParam("limit", "x")
                .get("/v1/accounts/{id}/history", account), "limit", "type", "must be a whole number between 1 and 1000");
        badRequest(given().auth().oauth2(TestKeys.ADMIN).contentType("application/json")
                .body("{\"measures\":{\"RECENCY\":{\"weight\":1e308}}}").post("/v1/scorecards/validate"),
                "measures.RECENCY.weight", "range", "must be a number from 0 to 1000");
        given().auth().oauth2(TestKeys.ADMIN).contentType("application/json")
                .body("{\"bands\":{\"hysteresis\":\"NaN\"},\"measures\":{\"RECENCY\":{\"weight\":1,"
                        + "\"curve\":[[0,0],[\"NaN\",50]]}}}")
                .post("/v1/scorecards/validate").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", contains("measures.RECENCY.curve", "bands"));

        // Configuration written by hand: a misspelt field is refused rather than replaced by its default.
        badRequest(given().auth().oauth2(TestKeys.ADMIN).contentType("application/json")
                .body("{\"bands\":{\"redbelow\":40}}").post("/v1/scorecards"),
                "bands.redbelow", "unknown", "is not a field here; known: [greenFrom, hysteresis, redBelow]");
        badRequest(given().auth().oauth2(TestKeys.OPS).contentType("application/json")
                .body("{\"scor\":30,\"reason\":\"r\",\"author\":\"kim\",\"expiresAt\":" + future + "}")
                .put("/v1/accounts/{id}/override", account),
                "scor", "unknown", "is not a field here; known: [author, expiresAt, reason, score]");
        badRequest(given().auth().oauth2(TestKeys.ADMIN).contentType("application/json")
                .body("{\"signals\":{}}").post("/v1/scorecards/validate"), "signals", "invalid",
                "signal thresholds are positive (dropPoints up to 100, expansionSeatShare up to 10)");

        // Removing an override the account does not have: 404, and no score, history or message written.
        int history = given().auth().oauth2(TestKeys.OPS).get("/v1/accounts/{id}/history", account)
                .then().statusCode(200).extract().path("size()");
        given().auth().oauth2(TestKeys.OPS).queryParam("removedBy", "lee").delete("/v1/accounts/{id}/override", account)
                .then().statusCode(404).contentType("application/problem+json")
                .body("detail", equalTo("Account '" + account + "' has no active override"));
        given().auth().oauth2(TestKeys.OPS).get("/v1/accounts/{id}/history", account)
                .then().body("size()", equalTo(history));
        given().auth().oauth2(TestKeys.OPS).get("/v1/accounts/{id}/overrides", account).then().body("size()", equalTo(0));
    }

    @Test
    void activatingAVersionThatDoesNotExistKeepsTheActiveOne() {
        int version = given().auth().oauth2(TestKeys.ADMIN).contentType("application/json").body("{}")
                .post("/v1/scorecards").then().statusCode(201).extract().path("version");
        given().auth().oauth2(TestKeys.ADMIN).post("/v1/scorecards/{v}/activate", version).then().statusCode(202);

        given().auth().oauth2(TestKeys.ADMIN).post("/v1/scorecards/{v}/activate", 999_999).then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(TestKeys.ADMIN).post("/v1/scorecards/{v}/activate", -3).then().statusCode(404);
        given().auth().oauth2(TestKeys.OPS).get("/v1/scorecards").then().statusCode(200)
                .body("findAll { it.active }.version", contains(version));
        given().auth().oauth2(TestKeys.ADMIN).post("/v1/scorecards/{v}/activate", 1).then().statusCode(202);
    }

    private static void badRequest(io.restassured.response.Response response, String field, String rule,
            String message) {
        response.then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", contains(field)).body("errors[0].rule", equalTo(rule))
                .body("errors[0].message", equalTo(message));
    }

    @Inject
    RescoreJobStore jobs;

    @Test
    void askingForAReScoringWhileOneIsQueuedReturnsThatOne() {
        // Both at once: one queues the job, the other finds it queued, whichever comes first.
        List<RescoreJobStore.Job> both = Uni.join()
                .all(jobs.create(TestKeys.OTHER_TENANT, 1), jobs.create(TestKeys.OTHER_TENANT, 1)).andFailFast()
                .await().atMost(Duration.ofSeconds(10));
        assertThat(both.get(0).id()).isEqualTo(both.get(1).id());
    }

    private io.restassured.response.ValidatableResponse health(String account) {
        return given().auth().oauth2(TestKeys.OPS).get("/v1/accounts/{id}/health", account).then().statusCode(200);
    }

    private void produceAndAwait(String account, String user, int applied) {
        ObjectNode payload = mapper.createObjectNode().put("type", "track").put("event", "Report Viewed")
                .put("userId", user).put("groupId", account);
        Instant now = Instant.now();
        TestKafka.produce(Topics.USAGE_EVENTS,
                new Envelope(TestKeys.TENANT + ":" + UUID.randomUUID(), "usage.track", TestKeys.TENANT, account, now,
                        now, payload));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> health(account).body("eventsApplied", equalTo(applied)));
    }
}
