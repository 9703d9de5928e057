package io.touchline.ingest.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.touchline.messaging.Envelope;
import io.touchline.messaging.EnvelopeCodec;
import io.touchline.messaging.Topics;
import io.touchline.testing.TestKafka;
import io.touchline.testing.TestKeys;
import io.touchline.testing.TouchlineTestResource;

/**
 * What browser SDKs send, as they send it (docs/sending-events.md), and the guard rails on the
 * public keys they carry: origins, reads, protected traits and rate limits. The SDKs themselves
 * run in a real browser in e2e-tests' BrowserSdksIT.
 */
@QuarkusTest
@WithTestResource(TouchlineTestResource.class)
class BrowserKeysTest {

    static final String APP = "https://app.example.com";
    static final String ELSEWHERE = "https://evil.example.net";

    static String browserKey;
    static String browserKeyId;

    @Inject
    EnvelopeCodec codec;

    @BeforeEach
    void createABrowserKeyOnce() {
        if (browserKey != null) {
            return;
        }
        JsonPath created = createKey("{\"label\":\"web app\",\"allowedOrigins\":[\"HTTPS://App.Example.com:443\"]}");
        browserKey = created.getString("key");
        browserKeyId = created.getString("id");
        assertThat(created.getList("allowedOrigins")).containsExactly(APP);
    }

    @Test
    void analyticsJsCallsAndBatchesAsTextPlainWithTheKeyInTheBodyAreAcceptedFromAnAllowedOrigin() {
        String account = "web-" + UUID.randomUUID();
        String track = UUID.randomUUID().toString();
        given().header("Origin", APP).contentType("text/plain").body("""
                {"type":"track","event":"Report Viewed","userId":"u1","context":{"groupId":"%s"},
                 "messageId":"%s","writeKey":"%s","sentAt":"2026-01-01T00:00:00Z","timestamp":"2026-01-01T00:00:00Z"}"""
                .formatted(account, track, browserKey))
                .post("/v1/t")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", APP)
                .header("Access-Control-Allow-Credentials", nullValue())
                .header("Vary", "Origin");
        given().header("Origin", APP).contentType("text/plain")
                .body("""
                        {"batch":[{"type":"page","name":"Home","userId":"u1","context":{"groupId":"%s"},"writeKey":"%s"},
                                  {"type":"identify","userId":"u1","traits":{"email":"u1@example.com"},"context":{"groupId":"%s"},"writeKey":"%s"}],
                         "writeKey":"%s","sentAt":"%s"}"""
                        .formatted(account, browserKey, account, browserKey, browserKey,
                                java.time.Instant.now()))
                .post("/v1/b")
                .then().statusCode(200).body("accepted", equalTo(2))
                .header("Access-Control-Allow-Origin", APP);

        List<ConsumerRecord<String, String>> records = TestKafka.awaitExactly(Topics.USAGE_EVENTS,
                TestKeys.TENANT + ":" + account, 3);
        List<Envelope> envelopes = records.stream().map(r -> codec.decode(r.value())).toList();
        assertThat(envelopes).extracting(Envelope::type).containsExactly("usage.track", "usage.page", "usage.identify");
        assertThat(envelopes.get(0).payload().get("messageId").asText()).isEqualTo(track);
        assertThat(envelopes).allSatisfy(e -> assertThat(e.payload().has("writeKey")).isFalse());
    }

    @Test
    void aPreflightIsAnsweredForAnAllowedOriginWithoutCredentialsAndCachedButNotForAnyOther() {
        given().header("Origin", APP).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type,anonymousid,sentat")
                .options("/v1/track")
                .then().statusCode(204)
                .header("Access-Control-Allow-Origin", APP)
                .header("Access-Control-Allow-Methods", "GET, POST")
                .header("Access-Control-Allow-Headers", "authorization,content-type,anonymousid,sentat")
                .header("Access-Control-Max-Age", "7200")
                .header("Access-Control-Allow-Credentials", nullValue());
        // Asked for something that is not a list of header names: the SDKs' own headers.
        given().header("Origin", APP).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization; x=\"y\"").options("/v1/t")
                .then().statusCode(204)
                .header("Access-Control-Allow-Headers", "Authorization, Content-Type, Content-Encoding, AnonymousId, "
                        + "SentAt, X-Retry-Count, Rsa-Recovered, Rsa-Retry-Attempt, Rsa-Since-Last-Attempt, "
                        + "Rsa-Since-First-Attempt");
        // With the key in the URL, the key's own origins decide.
        given().header("Origin", APP).header("Access-Control-Request-Method", "GET")
                .queryParam("writeKey", browserKey).options("/sourceConfig")
                .then().statusCode(204).header("Access-Control-Allow-Origin", APP);
        given().header("Origin", APP).header("Access-Control-Request-Method", "GET")
                .queryParam("writeKey", TestKeys.INGEST).options("/sourceConfig")
                .then().statusCode(403).header("Access-Control-Allow-Origin", nullValue());

        for (String path : List.of("/v1/track", "/v1/t", "/v1/batch")) {
            given().header("Origin", ELSEWHERE).header("Access-Control-Request-Method", "POST").options(path)
                    .then().statusCode(403).contentType("application/problem+json")
                    .header("Access-Control-Allow-Origin", nullValue())
                    .body("errors[0].field", equalTo("Origin"))
                    .body("errors[0].rule", equalTo("allowed-origin"));
        }
        // The admin and ops APIs are never open to pages.
        given().header("Origin", APP).header("Access-Control-Request-Method", "GET").options("/v1/write-keys")
                .then().header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void eventsFromAnOriginTheKeyDoesNotAllowAre403AndShowInTheRejections() {
        String account = "elsewhere-" + UUID.randomUUID();
        given().header("Origin", ELSEWHERE).contentType("text/plain").body("""
                {"type":"track","event":"Login","userId":"u1","context":{"groupId":"%s"},"writeKey":"%s"}"""
                .formatted(account, browserKey))
                .post("/v1/t")
                .then().statusCode(403).contentType("application/problem+json")
                .header("Access-Control-Allow-Origin", nullValue())
                .body("errors[0].field", equalTo("Origin"))
                .body("errors[0].rule", equalTo("allowed-origin"));
        // A server key never works from a browser.
        given().auth().preemptive().basic(TestKeys.INGEST, "").header("Origin", APP).contentType(ContentType.JSON)
                .body("{\"userId\":\"u1\",\"groupId\":\"%s\",\"event\":\"Login\"}".formatted(account))
                .post("/v1/track")
                .then().statusCode(403).body("errors[0].rule", equalTo("allowed-origin"));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(TestKeys.OPS)
                .queryParam("limit", 500).get("/v1/rejections")
                .then().statusCode(200)
                .body("rejections.find { it.event.contains('%s') && it.event.contains('%s') }.reasons[0].rule"
                        .formatted(browserKeyId, ELSEWHERE), equalTo("allowed-origin"))
                .body("rejections.find { it.event.contains('%s') && it.event.contains('%s') }.event"
                        .formatted(browserKeyId, ELSEWHERE), org.hamcrest.Matchers.containsString("\"refusedRequests\":1")));
    }

    @Test
    void aBrowserKeyCannotReadNorSetTheTraitsThatRouteMoneyUnlessAllowed() {
        for (String path : List.of("/v1/rejections", "/v1/write-keys", "/v1/imports")) {
            given().auth().oauth2(browserKey).get(path).then().statusCode(403).contentType("application/problem+json");
        }
        JsonPath created = createKey("{\"label\":\"pricing page\",\"allowedOrigins\":[\"%s\"]}".formatted(APP));
        String key = created.getString("key");
        String account = "traits-" + UUID.randomUUID();
        String group = """
                {"type":"group","groupId":"%s","userId":"u1","writeKey":"%s",
                 "traits":{"name":"Acme","mrr":900000,"currency":"EUR","csmOwner":"attacker@example.net"}}"""
                .formatted(account, key);
        given().header("Origin", APP).contentType("text/plain").body(group).post("/v1/g")
                .then().statusCode(400)
                .body("errors.field", equalTo(List.of("traits.mrr", "traits.currency", "traits.csmOwner")))
                .body("errors.rule", equalTo(List.of("server-key-only", "server-key-only", "server-key-only")));

        given().auth().oauth2(TestKeys.ADMIN).contentType(ContentType.JSON)
                .body("{\"allowedTraits\":[\"mrr\",\"currency\",\"csmOwner\"]}")
                .patch("/v1/write-keys/{id}", created.getString("id"))
                .then().statusCode(200)
                .body("allowedOrigins", equalTo(List.of(APP)))
                .body("allowedTraits", equalTo(List.of("csmOwner", "currency", "mrr")));
        given().header("Origin", APP).contentType("text/plain").body(group).post("/v1/g").then().statusCode(200);
        Envelope envelope = codec.decode(TestKafka.awaitExactly(Topics.USAGE_EVENTS, TestKeys.TENANT + ":" + account, 1)
                .get(0).value());
        assertThat(envelope.payload().get("accountTraits").get("mrr").asInt()).isEqualTo(900000);
    }

    @Test
    void aFloodFromOneAddressGets429WithRetryAfterAndEveryAcceptedEventIsKept() {
        JsonPath created = createKey("{\"label\":\"flooded\",\"allowedOrigins\":[\"%s\"]}".formatted(APP));
        String key = created.getString("key");
        String account = "flood-" + UUID.randomUUID();
        List<Integer> statuses = new ArrayList<>();
        Response refused = null;
        for (int i = 0; i < 40; i++) {
            Response response = given().header("Origin", APP).contentType("text/plain")
                    .body("""
                            {"type":"track","event":"Click","userId":"u1","context":{"groupId":"%s"},"messageId":"m-%d","writeKey":"%s"}"""
                            .formatted(account, i, key))
                    .post("/v1/t");
            statuses.add(response.statusCode());
            if (response.statusCode() == 429) {
                refused = response;
            }
        }
        // A burst of 20 at 1 a second (the test profile): the first 20 pass, then most are refused.
        assertThat(statuses.subList(0, 20)).containsOnly(200);
        assertThat(statuses).contains(429).containsOnly(200, 429);
        assertThat(refused).isNotNull();
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(Integer.parseInt(refused.header("Retry-After"))).isEqualTo(1);
        assertThat(refused.header("Access-Control-Allow-Origin")).isEqualTo(APP);

        long accepted = statuses.stream().filter(s -> s == 200).count();
        assertThat(TestKafka.awaitExactly(Topics.USAGE_EVENTS, TestKeys.TENANT + ":" + account, (int) accepted))
                .hasSize((int) accepted);
        long refusedCount = statuses.size() - accepted;
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(given().auth().oauth2(TestKeys.OPS)
                .queryParam("limit", 500).get("/v1/rejections").then().statusCode(200).extract().jsonPath()
                .<String> getList("rejections.findAll { it.reasons[0].rule == 'rate-limit-address' }.event").stream()
                .filter(event -> event.contains(created.getString("id")) && event.contains("127.0.0.1"))
                .mapToLong(event -> JsonPath.from(event).getLong("refusedRequests")).sum())
                .isGreaterThanOrEqualTo(refusedCount));
    }

    @Test
    void theSdksSettingsAreServedForAKnownKeyOnly() {
        given().header("Origin", APP).get("/v1/projects/{key}/settings", browserKey)
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", APP)
                .body("integrations.'Segment.io'.apiKey", equalTo(browserKey))
                .body("integrations.'Segment.io'.protocol", equalTo("http"))
                .body("integrations.'Segment.io'.apiHost", org.hamcrest.Matchers.endsWith("/v1"))
                .body("metrics.sampleRate", equalTo(0))
                .body("remotePlugins.size()", equalTo(0));
        given().get("/v1/projects/{key}/settings", "tl_wk_unknown").then().statusCode(401);
        given().get("/v1/projects/{key}/settings", TestKeys.OPS).then().statusCode(403)
                .contentType("application/problem+json");
        given().header("Origin", APP).queryParam("writeKey", browserKey).get("/sourceConfig")
                .then().statusCode(200)
                .body("source.enabled", equalTo(true))
                .body("source.workspaceId", equalTo(TestKeys.TENANT))
                .body("source.destinations.size()", equalTo(0));
        given().header("Origin", ELSEWHERE).queryParam("writeKey", browserKey).get("/sourceConfig")
                .then().statusCode(403);
    }

    @Test
    void aBeaconBatchCarriesItsKeyInTheQuery() {
        String account = "beacon-" + UUID.randomUUID();
        given().header("Origin", APP).contentType("text/plain").queryParam("writeKey", browserKey).body("""
                {"batch":[{"type":"track","event":"Page Left","anonymousId":"a1","context":{"groupId":"%s"}}],
                 "sentAt":"%s"}""".formatted(account, java.time.Instant.now()))
                .post("/beacon/v1/batch")
                .then().statusCode(200).body("accepted", equalTo(1));
        TestKafka.awaitExactly(Topics.USAGE_EVENTS, TestKeys.TENANT + ":" + account, 1);
    }

    @Test
    void theKeyIsCheckedBeforeTheBodyWhereTheKeyTravelsInTheRequest() {
        for (String path : List.of("/v1/b", "/beacon/v1/batch")) {
            given().contentType("text/plain").body("{}").post(path)
                    .then().statusCode(401).contentType("application/problem+json");
            given().contentType("text/plain").body("{\"writeKey\":\"%s\"}".formatted(browserKey))
                    .queryParam("writeKey", browserKey).post(path)
                    .then().statusCode(400).body("errors[0].field", equalTo("batch"))
                    .body("errors[0].rule", equalTo("required"));
        }
        given().auth().oauth2(TestKeys.OPS).contentType("text/plain").body("{}").post("/beacon/v1/batch")
                .then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void originsAndTraitsOfAKeyAreValidated() {
        given().auth().oauth2(TestKeys.ADMIN).contentType(ContentType.JSON)
                .body("{\"label\":\"x\",\"allowedOrigins\":[\"https://app.example.com/path\"]}")
                .post("/v1/write-keys")
                .then().statusCode(400).body("errors[0].field", equalTo("allowedOrigins[0]"))
                .body("errors[0].rule", equalTo("origin"));
        given().auth().oauth2(TestKeys.ADMIN).contentType(ContentType.JSON)
                .body("{\"label\":\"x\",\"allowedTraits\":[\"name\"]}")
                .post("/v1/write-keys")
                .then().statusCode(400).body("errors[0].field", equalTo("allowedTraits[0]"))
                .body("errors[0].rule", equalTo("one-of"));
        given().auth().oauth2(TestKeys.ADMIN).contentType(ContentType.JSON).body("{\"allowedOrigins\":[]}")
                .patch("/v1/write-keys/{id}", "no-such-key")
                .then().statusCode(404);
    }

    private static JsonPath createKey(String body) {
        return given().auth().oauth2(TestKeys.ADMIN).contentType(ContentType.JSON).body(body).post("/v1/write-keys")
                .then().statusCode(201).extract().jsonPath();
    }
}
