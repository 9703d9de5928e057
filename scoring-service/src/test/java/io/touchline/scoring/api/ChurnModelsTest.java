package io.touchline.scoring.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.touchline.messaging.Envelope;
import io.touchline.messaging.EnvelopeCodec;
import io.touchline.messaging.Topics;
import io.touchline.scoring.application.SetClock;
import io.touchline.scoring.application.TimeSweep;
import io.touchline.scoring.application.WallClock;
import io.touchline.scoring.domain.churn.SimulatedTenant;
import io.touchline.scoring.domain.state.UsageEvent;
import io.touchline.testing.TestKafka;
import io.touchline.testing.TestKeys;
import io.touchline.testing.TouchlineTestResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Nine months of a simulated tenant whose churn follows what its accounts do, not whether they
 * are active, sent through Kafka as live traffic: scoring keeps each account's churn features at
 * every month start and its churn from the group calls, training fits and judges a model on them,
 * and the activated model scores and explains every account.
 */
@QuarkusTest
@WithTestResource(TouchlineTestResource.class)
class ChurnModelsTest {

    static final String TENANT = TestKeys.THIRD_TENANT;
    static final String ADMIN = TestKeys.THIRD_TENANT_ADMIN;
    static final LocalDate START = LocalDate.of(2025, 1, 1);
    static final int MONTHS = 9;
    static final Instant END = START.plusMonths(MONTHS).atStartOfDay().toInstant(ZoneOffset.UTC);

    @Inject
    ObjectMapper mapper;

    @Inject
    EnvelopeCodec codec;

    @Inject
    TimeSweep sweep;

    @Inject
    Pool pool;

    final SetClock clock = new SetClock(START.atStartOfDay().toInstant(ZoneOffset.UTC));

    @BeforeEach
    void setClock() {
        QuarkusMock.installMockForType(clock, WallClock.class);
    }

    @Test
    void aTenantsOwnHistoryTrainsAModelThatBeatsTheBaselinesAndScoresItsAccounts() {
        given().auth().oauth2(ADMIN).contentType("application/json").body("""
                {"events": {"setupStepCompleted": "Setup Step Completed", "setupSteps": 5,
                  "ticketOpened": "Ticket Opened", "ticketClosed": "Ticket Closed",
                  "surveyResponded": "Survey Responded", "featureUsed": "Feature Used",
                  "keyFeatures": ["Report Created"], "negativeEvents": ["Downgrade Viewed"]}}""")
                .post("/v1/scorecards").then().statusCode(201);
        given().auth().oauth2(ADMIN).post("/v1/scorecards/2/activate").then().statusCode(202);

        SimulatedTenant simulation = new SimulatedTenant(11, START, MONTHS, 250, 20, 0.3);
        List<Envelope> events = new ArrayList<>();
        Map<String, Instant> firstUse = new HashMap<>();
        simulation.play(new SimulatedTenant.Listener() {
            @Override
            public void day(Instant midnight, List<String> accounts) {
            }

            @Override
            public void event(SimulatedTenant.Emitted emitted) {
                events.add(envelope(emitted, events.size()));
                if ("track".equals(emitted.event().call())) {
                    firstUse.merge(emitted.accountId(), emitted.event().time(), (a, b) -> a.isBefore(b) ? a : b);
                }
            }
        });
        events.sort(java.util.Comparator.comparing(Envelope::eventTime));
        for (int from = 0; from < events.size(); from += 5000) {
            TestKafka.produceAll(Topics.USAGE_EVENTS, events.subList(from, Math.min(events.size(), from + 5000)));
        }
        await().atMost(Duration.ofSeconds(240)).until(() -> applied() == events.size());
        clock.now = END;
        sweep.sweep(END).await().atMost(Duration.ofSeconds(120));

        // Outcomes come from the group calls, dated by churnedAt.
        String churned = simulation.churnedOn.keySet().iterator().next();
        given().auth().oauth2(ADMIN).get("/v1/accounts/{id}/outcomes", churned).then().statusCode(200)
                .body("kind", org.hamcrest.Matchers.contains("churned"))
                .body("occurredOn", org.hamcrest.Matchers.contains(simulation.churnedOn.get(churned).toString()))
                .body("source", org.hamcrest.Matchers.contains("traits"));
        assertThat(count("select count(*) from account_outcome where tenant_id = $1 and kind = 'churned'"))
                .isEqualTo(simulation.churnedOn.size());
        // A customer to the end is observed at every month start after its first use; END's comes
        // with its next scoring, up to a day later.
        String stayed = firstUse.keySet().stream().filter(a -> !simulation.churnedOn.containsKey(a)).sorted()
                .findFirst().orElseThrow();
        assertThat(count("select count(*) from churn_observation where tenant_id = $1 and account_id = '" + stayed + "'"))
                .isEqualTo(monthStartsAfter(firstUse.get(stayed)));

        JsonPath trained = given().auth().oauth2(ADMIN).contentType("application/json").body("{}")
                .post("/v1/churn-models/train").then().statusCode(201)
                .header("Location", org.hamcrest.Matchers.endsWith("/v1/churn-models/1"))
                .extract().jsonPath();
        assertThat(trained.getString("status")).isEqualTo("fitted");
        double auc = trained.getDouble("evaluation.model.auc");
        assertThat(auc).as(trained.prettify())
                .isGreaterThan(trained.getDouble("evaluation.eventsBaseline.auc") + 0.05)
                .isGreaterThan(trained.getDouble("evaluation.recencyBaseline.auc") + 0.05)
                .isGreaterThan(trained.getDouble("evaluation.active.auc"));
        assertThat(trained.getBoolean("active")).isTrue();
        assertThat(trained.getString("reason")).startsWith("Held-out AUC " + auc + " beats the active model");
        assertThat(trained.getList("model.terms.feature")).contains("events 28d: Report Created (log)",
                "events 28d: Downgrade Viewed (log)", "events 28d percentile");
        given().auth().oauth2(TestKeys.OPS).get("/v1/churn-models").then().statusCode(200)
                .body("activeVersion", equalTo(0));
        given().auth().oauth2(ADMIN).get("/v1/churn-models").then().statusCode(200).body("activeVersion", equalTo(1))
                .body("why", startsWith("Version 1 is active: Held-out AUC"));

        // Activation re-scores every account under the model; the explanation adds up.
        await().atMost(Duration.ofSeconds(60)).until(() -> count(
                "select count(*) from account_health where tenant_id = $1 and churn_model_version <> 1") == 0);
        JsonPath health = given().auth().oauth2(ADMIN).get("/v1/accounts/{id}/health", stayed).then().statusCode(200)
                .extract().jsonPath();
        assertThat(health.getInt("churnModelVersion")).isEqualTo(1);
        assertThat(health.getInt("explanation.churn.modelVersion")).isEqualTo(1);
        double logit = health.getDouble("explanation.churn.intercept");
        for (Float contribution : health.<Float> getList("explanation.churn.factors.contribution")) {
            logit += contribution;
        }
        assertThat(1 / (1 + Math.exp(-logit))).isCloseTo(health.getDouble("churnProbability"),
                org.assertj.core.data.Offset.offset(0.01));

        // Back to the priors by hand, and forward again; an unknown version is a problem.
        given().auth().oauth2(ADMIN).post("/v1/churn-models/0/activate").then().statusCode(200)
                .body("activeVersion", equalTo(0));
        given().auth().oauth2(ADMIN).post("/v1/churn-models/1/activate").then().statusCode(200)
                .body("activeVersion", equalTo(1));
        given().auth().oauth2(ADMIN).post("/v1/churn-models/9/activate").then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(ADMIN).contentType("application/json").body("{\"targetPrecision\": 2}")
                .post("/v1/churn-models/train").then().statusCode(400)
                .body("errors[0].field", equalTo("targetPrecision"));
    }

    @Test
    void aTenantWithTooFewOutcomesKeepsThePriorsAndIsToldWhy() {
        JsonPath run = given().auth().oauth2(TestKeys.OTHER_TENANT_ADMIN).contentType("application/json").body("{}")
                .post("/v1/churn-models/train").then().statusCode(201).extract().jsonPath();

        assertThat(run.getString("status")).isEqualTo("insufficient-data");
        assertThat(run.getBoolean("active")).isFalse();
        assertThat(run.getString("reason")).startsWith("Too");
        given().auth().oauth2(TestKeys.OTHER_TENANT_OPS).get("/v1/churn-models").then().statusCode(200)
                .body("activeVersion", equalTo(0))
                .body("why", equalTo("The built-in priors are active; the latest run (version " + run.getInt("version")
                        + "): " + run.getString("reason")));
    }

    @Test
    void anAccountWithTraitsAndNoUsageHasUnknownRiskAndRaisesNoChurnSignal() {
        String account = "traits-only-" + System.nanoTime();
        Instant at = clock.now;
        ObjectNode payload = mapper.createObjectNode().put("type", "group").put("userId", "admin").put("groupId", account);
        payload.putObject("accountTraits").put("seats", 4).put("renewalDate", LocalDate.ofInstant(at, ZoneOffset.UTC)
                .plusDays(10).toString());
        ConsumerTask<String, String> signals = TestKafka.consume(Topics.HEALTH_SIGNALS);
        try {
            TestKafka.produce(Topics.USAGE_EVENTS, new Envelope(account + "-g", "usage.group", TestKeys.TENANT, account,
                    at, at, payload));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(TestKeys.OPS)
                    .get("/v1/accounts/{id}/health", account).then().statusCode(200)
                    .body("churnLevel", equalTo("unknown")).body("churnProbability", equalTo(null))
                    .body("explanation.churn.level", equalTo("UNKNOWN")));
            List<String> types = new ArrayList<>();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                types.clear();
                for (ConsumerRecord<String, String> r : TestKafka.withKey(signals, TestKeys.TENANT + ":" + account)) {
                    types.add(codec.decode(r.value()).payload().get("signalType").asText());
                }
                // The renewal in ten days is news; a churn verdict from traits alone is not.
                assertThat(types).containsExactlyInAnyOrder("ACCOUNT_FIRST_SEEN", "RENEWAL_APPROACHING");
            });
        } finally {
            signals.stop();
        }
    }

    @Test
    void outcomesRecordedOverRestAreIdempotentAndChecked() {
        String account = "crm-" + System.nanoTime();
        String body = "{\"kind\":\"renewed\",\"occurredOn\":\"2025-06-30\",\"note\":\"from the CRM\"}";
        given().auth().oauth2(TestKeys.ADMIN).contentType("application/json").body(body)
                .post("/v1/accounts/{id}/outcomes", account).then().statusCode(201).body("source", equalTo("api"));
        given().auth().oauth2(TestKeys.ADMIN).contentType("application/json").body(body)
                .post("/v1/accounts/{id}/outcomes", account).then().statusCode(200);
        given().auth().oauth2(TestKeys.OPS).get("/v1/accounts/{id}/outcomes", account).then().statusCode(200)
                .body("size()", equalTo(1)).body("[0].note", equalTo("from the CRM"));
        given().auth().oauth2(TestKeys.OTHER_TENANT_OPS).get("/v1/accounts/{id}/outcomes", account).then()
                .statusCode(200).body("size()", equalTo(0));
        given().auth().oauth2(TestKeys.OPS).contentType("application/json").body(body)
                .post("/v1/accounts/{id}/outcomes", account).then().statusCode(403);
        given().auth().oauth2(TestKeys.ADMIN).contentType("application/json")
                .body("{\"kind\":\"left\",\"occurredOn\":\"2025-06-30\"}")
                .post("/v1/accounts/{id}/outcomes", account).then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("kind"));
        given().auth().oauth2(TestKeys.ADMIN).contentType("application/json")
                .body("{\"kind\":\"churned\",\"occurredOn\":\"2999-01-01\"}")
                .post("/v1/accounts/{id}/outcomes", account).then().statusCode(400)
                .body("errors[0].field", equalTo("occurredOn"));
    }

    private Envelope envelope(SimulatedTenant.Emitted emitted, int n) {
        UsageEvent e = emitted.event();
        ObjectNode payload = mapper.createObjectNode().put("type", e.call()).put("userId", e.userId())
                .put("groupId", emitted.accountId());
        if (e.event() != null) {
            payload.put("event", e.event());
        }
        if (e.traits() != null) {
            payload.set("accountTraits", mapper.valueToTree(e.traits()));
        }
        return new Envelope("sim-" + n, "usage." + e.call(), TENANT, emitted.accountId(), e.time(), e.time(), payload);
    }

    private static long monthStartsAfter(Instant first) {
        long starts = 0;
        for (LocalDate m = START.plusMonths(1); m.atStartOfDay().toInstant(ZoneOffset.UTC).isBefore(END); m = m.plusMonths(1)) {
            if (m.atStartOfDay().toInstant(ZoneOffset.UTC).isAfter(first)) {
                starts++;
            }
        }
        return starts;
    }

    private long applied() {
        return count("select coalesce(sum(events_applied), 0) from account_health where tenant_id = $1");
    }

    private long count(String sql) {
        return pool.preparedQuery(sql).execute(Tuple.of(TENANT)).await().indefinitely().iterator().next().getLong(0);
    }
}
