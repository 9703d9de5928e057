package io.touchline.e2e.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.touchline.e2e.ServiceProcess;
import io.touchline.e2e.reliability.PublicApi.Access;
import io.touchline.e2e.reliability.PublicApi.Operation;
import io.touchline.testing.TestKeys;

/**
 * Bad input and attacks on the running services: every public operation (from the services'
 * own OpenAPI documents) is called without a key, with a key of the wrong scope and with
 * malformed, oversized, deeply nested and wrongly typed input; one tenant tries to read and
 * change another's data; keys, secrets and tokens are checked. Never a 500, never a hang,
 * always problem+json.
 */
@Order(6)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecurityIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static FaultPipeline pipeline;
    private static List<Operation> operations;

    @BeforeAll
    static void readTheApi() {
        pipeline = FaultPipeline.get();
        operations = PublicApi.of(pipeline.services());
    }

    @Test
    @Order(1)
    void everyOperationNeedsAKeyOfTheRightScope() {
        List<String> wrong = new ArrayList<>();
        int calls = 0;
        for (Operation operation : operations) {
            if (operation.access() == Access.LINK) {
                continue;
            }
            URI uri = operation.service().uri(fill(operation.path(), "auth-check"));
            byte[] body = operation.body() ? "{}".getBytes(StandardCharsets.UTF_8) : null;
            Map<String, String> json = Map.of("Content-Type", "application/json");
            calls++;
            expect(wrong, Http.send(operation.method(), uri, json, body), 401, "no key");
            Map<String, String> unknown = new LinkedHashMap<>(json);
            unknown.put("Authorization", "Bearer not-a-key-" + UUID.randomUUID());
            calls++;
            expect(wrong, Http.send(operation.method(), uri, unknown, body), 401, "an unknown key");
            String wrongScope = switch (operation.access()) {
                case INGEST, KEY_IN_PATH -> TestKeys.OPS;
                case IMPORT, OPS, USER_TOKEN -> TestKeys.INGEST;
                case ADMIN -> TestKeys.OPS;
                case LINK -> throw new IllegalStateException();
            };
            Map<String, String> scoped = new LinkedHashMap<>(json);
            scoped.put("Authorization", "Bearer " + wrongScope);
            URI scopedUri = operation.access() == Access.KEY_IN_PATH
                    ? operation.service().uri(fill(operation.path(), wrongScope))
                    : uri;
            calls++;
            expect(wrong, Http.send(operation.method(), scopedUri, scoped, body),
                    operation.access() == Access.USER_TOKEN ? 401 : 403, "a key of the wrong scope");
        }
        // Probes, metrics and the API description answer on the management port only.
        for (ServiceProcess service : pipeline.services()) {
            for (String path : List.of("/q/health", "/q/health/ready", "/q/metrics", "/q/openapi", "/q/dev-ui")) {
                calls++;
                Http.Answer answer = Http.send("GET", service.uri(path), Map.of(), null);
                if (answer.status() != 404) {
                    wrong.add(service.name + " public " + path + ": " + answer);
                }
            }
        }
        ReliabilityReport.record(ReliabilityReport.Row.ofChecks("authentication on every operation", wrong.isEmpty(),
                operations.size() + " operations from the OpenAPI documents, " + calls
                        + " calls: no key and an unknown key 401, a key of the wrong scope 403 (an inbox token's"
                        + " operations 401), all problem+json; /q/* 404 on every public port"
                        + (wrong.isEmpty() ? "" : "; wrong: " + wrong.size())));
        assertThat(wrong).isEmpty();
    }

    @Test
    @Order(2)
    void fuzzingEveryOperationNeverAnswers500NorHangs() {
        List<String> wrong = new ArrayList<>();
        int calls = 0;
        for (Operation operation : operations) {
            for (Fuzz.Case fuzz : Fuzz.cases(operation)) {
                calls++;
                Http.Answer answer = Http.send(operation.method(), operation.service().uri(fuzz.pathAndQuery()),
                        fuzz.headers(), fuzz.body());
                String problem = Fuzz.judge(fuzz, answer);
                if (problem != null) {
                    wrong.add(operation.name() + " " + fuzz.name() + ": " + problem + " (" + answer + ")");
                }
            }
        }
        ReliabilityReport.record(ReliabilityReport.Row.ofChecks("fuzzing every public operation", wrong.isEmpty(),
                calls + " malformed, oversized, deeply nested and wrongly typed bodies, headers and parameters over "
                        + operations.size() + " operations: never a 500 nor a hang, every refusal problem+json, 413 for"
                        + " a body over the limit" + (wrong.isEmpty() ? "" : "; wrong: " + wrong.size())));
        assertThat(wrong).isEmpty();
    }

    @Test
    @Order(3)
    void oneTenantCanNeitherSeeNorChangeAnothersData() throws Exception {
        String run = Long.toString(System.nanoTime(), 36);
        String account = "isolation-" + run;
        String user = "user-" + account;
        String owner = "csm-" + account + "@touchline.test";
        assertThat(pipeline.ingest.post("/v1/group", TestKeys.INGEST,
                """
                        {"userId":"%s","groupId":"%s","traits":{"mrr":650000,"currency":"JPY","csmOwner":"%s","primaryContact":"a@x.test"}}"""
                        .formatted(user, account, owner))
                .statusCode()).isEqualTo(200);
        assertThat(pipeline.ingest.post("/v1/track", TestKeys.INGEST, """
                {"userId":"%s","groupId":"%s","messageId":"rejected-%s"}""".formatted(user, account, run)).statusCode())
                .isEqualTo(400);
        JsonNode task = await("tenant A's task").atMost(Duration.ofSeconds(60)).until(
                () -> json(pipeline.playbook.get("/v1/tasks?accountId=" + account, TestKeys.OPS)).path("items"),
                items -> items.size() == 1).get(0);
        JsonNode delivery = await("tenant A's in-app delivery").atMost(Duration.ofSeconds(60)).until(
                () -> json(pipeline.notification.get("/v1/deliveries?channel=in-app&accountId=" + account, TestKeys.OPS))
                        .path("items"),
                items -> items.size() == 1).get(0);
        String taskId = task.path("taskId").asText();
        String deliveryId = delivery.path("id").asText();
        String other = TestKeys.OTHER_TENANT_ADMIN;

        List<String> leaks = new ArrayList<>();
        // Reads of A's things by id answer exactly as for ids that exist nowhere.
        Map<String, String> byId = new LinkedHashMap<>();
        byId.put("scoring-service /v1/accounts/%s/health", account);
        byId.put("scoring-service /v1/accounts/%s/history", account);
        byId.put("playbook-service /v1/tasks/%s", taskId);
        byId.put("notification-service /v1/deliveries/%s", deliveryId);
        for (Map.Entry<String, String> read : byId.entrySet()) {
            String[] parts = read.getKey().split(" ");
            ServiceProcess service = pipeline.service(parts[0]);
            var theirs = service.get(parts[1].formatted(read.getValue()), other);
            var nobodys = service.get(parts[1].formatted("no-such-" + run), other);
            if (theirs.statusCode() != nobodys.statusCode() || theirs.statusCode() == 200) {
                leaks.add(read.getKey() + ": tenant B got " + theirs.statusCode() + " for A's, " + nobodys.statusCode()
                        + " for nobody's: " + theirs.body());
            }
        }
        // Lists filtered by A's ids are empty for B.
        for (String list : List.of("playbook-service /v1/tasks?accountId=" + account,
                "playbook-service /v1/accounts/" + account + "/timeline",
                "notification-service /v1/deliveries?accountId=" + account,
                "notification-service /v1/inbox/" + user,
                "scoring-service /v1/accounts/" + account + "/outcomes",
                "scoring-service /v1/accounts/" + account + "/overrides",
                "ingest-service /v1/rejections",
                "playbook-service /v1/alerts",
                "scoring-service /v1/accounts?limit=200")) {
            String[] parts = list.split(" ");
            var answer = pipeline.service(parts[0]).get(parts[1], other);
            if (answer.body().contains(account) || answer.body().contains(taskId) || answer.body().contains(run)) {
                leaks.add(list + ": tenant B sees A's data: " + answer.body());
            }
        }
        // Changes to A's things by B find nothing, and change nothing.
        var acknowledge = Http.send("POST", pipeline.playbook.uri("/v1/tasks/" + taskId + "/acknowledge"),
                Map.of("Authorization", "Bearer " + other, "Content-Type", "application/json", "If-Match",
                        "\"" + task.path("version").asText() + "\""),
                "{\"by\":\"mallory\"}".getBytes(StandardCharsets.UTF_8));
        if (acknowledge.status() != 404) {
            leaks.add("tenant B acknowledged A's task: " + acknowledge);
        }
        var override = Http.send("PUT", pipeline.scoring.uri("/v1/accounts/" + account + "/override"),
                Map.of("Authorization", "Bearer " + other, "Content-Type", "application/json"),
                "{\"score\":1,\"reason\":\"mallory\",\"author\":\"mallory\",\"expiresAt\":\"%s\"}"
                        .formatted(Instant.now().plus(Duration.ofDays(1))).getBytes(StandardCharsets.UTF_8));
        if (override.status() != 404) {
            leaks.add("tenant B set an override on A's account: " + override);
        }
        if (!json(pipeline.playbook.get("/v1/tasks/" + taskId, TestKeys.OPS)).path("status").asText().equals("open")) {
            leaks.add("A's task changed");
        }
        if (json(pipeline.scoring.get("/v1/accounts/" + account + "/health", TestKeys.OPS)).path("overridden").asBoolean()) {
            leaks.add("A's account got B's override");
        }
        // An admin of B cannot see or revoke A's write keys.
        JsonNode key = json(pipeline.ingest.post("/v1/write-keys", TestKeys.ADMIN, "{\"label\":\"isolation " + run + "\"}"));
        String keyId = key.path("id").asText();
        if (pipeline.ingest.get("/v1/write-keys", other).body().contains(keyId)) {
            leaks.add("tenant B lists A's write key");
        }
        var revoke = Http.send("DELETE", pipeline.ingest.uri("/v1/write-keys/" + keyId),
                Map.of("Authorization", "Bearer " + other), null);
        if (revoke.status() != 404) {
            leaks.add("tenant B revoked A's write key: " + revoke);
        }
        await("A's write key works").atMost(Duration.ofSeconds(15)).until(() -> pipeline.ingest.post("/v1/track",
                key.path("key").asText(), "{\"userId\":\"u\",\"groupId\":\"%s\",\"event\":\"Login\"}".formatted(account))
                .statusCode() == 200);
        ReliabilityReport.record(ReliabilityReport.Row.ofChecks("tenant isolation", leaks.isEmpty(),
                "tenant B's admin key on tenant A's account, task, delivery, inbox, rejections, alerts and write key:"
                        + " reads by id answer as for ids that exist nowhere (404), lists hold none of A's data, changes"
                        + " find nothing (404) and change nothing" + (leaks.isEmpty() ? "" : "; leaks: " + leaks.size())));
        assertThat(leaks).isEmpty();
    }

    @Test
    @Order(4)
    void aWriteKeyCreatedOrRevokedTakesEffectWithinFiveSeconds() throws Exception {
        String event = "{\"userId\":\"u\",\"groupId\":\"write-key-bound\",\"event\":\"Login\"}";
        long start = System.nanoTime();
        JsonNode key = json(pipeline.ingest.post("/v1/write-keys", TestKeys.ADMIN, "{\"label\":\"bound\"}"));
        String secret = key.path("key").asText();
        await("the new key accepted").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> pipeline.ingest.post("/v1/track", secret, event).statusCode() == 200);
        Duration created = Duration.ofNanos(System.nanoTime() - start);
        start = System.nanoTime();
        assertThat(Http.send("DELETE", pipeline.ingest.uri("/v1/write-keys/" + key.path("id").asText()),
                Map.of("Authorization", "Bearer " + TestKeys.ADMIN), null).status()).isEqualTo(204);
        await("the revoked key refused").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> pipeline.ingest.post("/v1/track", secret, event).statusCode() == 401);
        Duration revoked = Duration.ofNanos(System.nanoTime() - start);
        boolean within = created.compareTo(Duration.ofSeconds(6)) <= 0 && revoked.compareTo(Duration.ofSeconds(6)) <= 0;
        ReliabilityReport.record(ReliabilityReport.Row.ofChecks("a write key created or revoked over the API", within,
                "accepted " + Scenario.seconds(created) + " after it was created, refused " + Scenario.seconds(revoked)
                        + " after it was revoked (bound: 5 s, ADR 0007; API keys of the other services are configuration)"));
        assertThat(within).as("created after %s, revoked after %s", created, revoked).isTrue();
    }

    @Test
    @Order(5)
    void secretsNeverShowAndTokensCannotBeForgedNorReused() throws Exception {
        String run = Long.toString(System.nanoTime(), 36);
        String webhookSecret = "whsec-never-shown-" + run;
        String inboxSecret = "inbox-secret-never-shown-" + run;
        String other = TestKeys.OTHER_TENANT_ADMIN;
        // PUT replaces the whole configuration: the current one, with a webhook and both secrets.
        com.fasterxml.jackson.databind.node.ObjectNode config = (com.fasterxml.jackson.databind.node.ObjectNode) json(
                pipeline.notification.get("/v1/channels", other));
        config.remove(List.of("webhookSecretSet", "inboxSecretSet"));
        config.put("webhookUrl", "http://127.0.0.1:9/hook").put("webhookSecret", webhookSecret).put("inboxSecret",
                inboxSecret);
        var put = pipeline.notification.put("/v1/channels", other, config.toString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        List<String> wrong = new ArrayList<>();
        String channels = pipeline.notification.get("/v1/channels", other).body();
        if (channels.contains(webhookSecret) || channels.contains(inboxSecret) || put.body().contains(webhookSecret)
                || channels.contains(FaultPipeline.SMTP_PASSWORD)) {
            wrong.add("a secret in a response: " + channels);
        }

        // Two users of tenant B, each with an inbox entry.
        String alice = "alice-" + run;
        String bob = "bob-" + run;
        for (String user : List.of(alice, bob)) {
            assertThat(pipeline.ingest.post("/v1/track", TestKeys.OTHER_TENANT_INGEST,
                    "{\"userId\":\"%s\",\"groupId\":\"acct-%s\",\"event\":\"Login\"}".formatted(user, user)).statusCode())
                    .isEqualTo(200);
        }
        String aliceToken = token(TestKeys.OTHER_TENANT, alice, inboxSecret, 3600);
        String bobToken = token(TestKeys.OTHER_TENANT, bob, inboxSecret, 3600);
        JsonNode aliceInbox = await("alice's welcome").atMost(Duration.ofSeconds(60))
                .until(() -> inbox(aliceToken), inbox -> inbox != null && inbox.path("items").size() == 1);
        await("bob's welcome").atMost(Duration.ofSeconds(60))
                .until(() -> inbox(bobToken), inbox -> inbox != null && inbox.path("items").size() == 1);
        String aliceEntry = aliceInbox.path("items").get(0).path("id").asText();

        Map<String, String> forged = new LinkedHashMap<>();
        forged.put("signed with another secret", token(TestKeys.OTHER_TENANT, alice, "not-the-secret-" + run, 3600));
        forged.put("another tenant's claim under B's secret", token(TestKeys.TENANT, alice, inboxSecret, 3600));
        forged.put("expired", token(TestKeys.OTHER_TENANT, alice, inboxSecret, -60));
        forged.put("unsigned", unsigned(TestKeys.OTHER_TENANT, alice));
        forged.put("an API key", TestKeys.OTHER_TENANT_OPS);
        for (Map.Entry<String, String> token : forged.entrySet()) {
            Http.Answer answer = Http.send("GET", pipeline.notification.uri("/v1/inbox"),
                    Map.of("Authorization", "Bearer " + token.getValue()), null);
            if (answer.status() != 401 || !answer.problem()) {
                wrong.add("inbox token " + token.getKey() + ": " + answer);
            }
        }
        Http.Answer bobReadsAlice = Http.send("POST", pipeline.notification.uri("/v1/inbox/" + aliceEntry + "/read"),
                Map.of("Authorization", "Bearer " + bobToken), null);
        if (bobReadsAlice.status() != 404) {
            wrong.add("bob marked alice's entry read: " + bobReadsAlice);
        }
        if (inbox(bobToken).toString().contains(aliceEntry)) {
            wrong.add("bob's inbox holds alice's entry");
        }
        for (String token : List.of("", "not-a-token", "eyJhbGciOiJIUzI1NiJ9.eyJ0aWQiOiJ0ZW5hbnQtYiJ9.AAAA",
                aliceToken)) {
            for (String method : List.of("GET", "POST")) {
                Http.Answer answer = Http.send(method,
                        pipeline.notification.uri("/v1/unsubscribe?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)),
                        Map.of(), null);
                if (answer.status() != 400 || !answer.problem()) {
                    wrong.add("unsubscribe with a forged token: " + answer);
                }
            }
        }
        for (ServiceProcess service : pipeline.services()) {
            String log = Files.readString(service.log);
            if (log.contains(webhookSecret) || log.contains(inboxSecret) || log.contains(aliceToken)
                    || log.contains(FaultPipeline.SMTP_PASSWORD)) {
                wrong.add(service.name + "'s log holds a secret or a token");
            }
        }
        ReliabilityReport.record(ReliabilityReport.Row.ofChecks("secrets and tokens", wrong.isEmpty(),
                "webhook and inbox secrets and the SMTP password in no response and no log; inbox tokens signed with another secret, claiming"
                        + " another tenant, expired, unsigned, or an API key: 401; a user's token cannot read or mark"
                        + " another's entries (404); forged unsubscribe tokens: 400"
                        + (wrong.isEmpty() ? "" : "; wrong: " + wrong.size())));
        assertThat(wrong).isEmpty();
    }

    private static JsonNode inbox(String token) {
        Http.Answer answer = Http.send("GET", pipeline.notification.uri("/v1/inbox"),
                Map.of("Authorization", "Bearer " + token), null);
        return answer.status() == 200 ? read(answer.body()) : null;
    }

    /** An HS256 JSON Web Token as docs/notifications.md tells a tenant's backend to mint it. */
    static String token(String tenant, String user, String secret, long ttlSeconds) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = b64.encodeToString("{\"tid\":\"%s\",\"sub\":\"%s\",\"exp\":%d}"
                .formatted(tenant, user, Instant.now().getEpochSecond() + ttlSeconds).getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = b64.encodeToString(mac.doFinal((header + "." + claims).getBytes(StandardCharsets.UTF_8)));
        return header + "." + claims + "." + signature;
    }

    private static String unsigned(String tenant, String user) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString("{\"tid\":\"%s\",\"sub\":\"%s\",\"exp\":%d}".formatted(tenant, user,
                        Instant.now().getEpochSecond() + 3600).getBytes(StandardCharsets.UTF_8))
                + ".";
    }

    private static void expect(List<String> wrong, Http.Answer answer, int status, String with) {
        if (answer.status() != status || !answer.problem()) {
            wrong.add("with " + with + " expected " + status + " problem+json: " + answer);
        }
    }

    /** The path with its parameters set to {@code value}; Segment's {@code {call}} is always a real call. */
    static String fill(String template, String value) {
        return template.replace("{call}", "track").replaceAll("\\{[^}]+}", value);
    }

    private static JsonNode json(java.net.http.HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.uri() + " " + response.body()).isBetween(200, 299);
        return read(response.body());
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
