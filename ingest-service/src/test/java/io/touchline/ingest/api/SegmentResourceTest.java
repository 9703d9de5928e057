package io.touchline.ingest.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.net.URL;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.touchline.messaging.Envelope;
import io.touchline.messaging.EnvelopeCodec;
import io.touchline.messaging.Topics;
import io.touchline.testing.ManagementUrls;
import io.touchline.testing.TestKafka;
import io.touchline.testing.TestKeys;
import io.touchline.testing.TouchlineTestResource;

@QuarkusTest
@WithTestResource(TouchlineTestResource.class)
class SegmentResourceTest {

    URL metrics = ManagementUrls.of("/q/metrics");

    URL openapi = ManagementUrls.of("/q/openapi");

    @Inject
    EnvelopeCodec codec;

    @Test
    void acceptedTrackCallIsOnTheUsageEventsTopicKeyedByTenantAndAccount() {
        String account = "acme-" + UUID.randomUUID();
        String messageId = UUID.randomUUID().toString();

        given().auth().preemptive().basic(TestKeys.INGEST, "")
                .contentType(ContentType.JSON)
                .body("""
                        {"messageId":"%s","userId":"u1","groupId":"%s","event":"Report Viewed"}"""
                        .formatted(messageId, account))
                .post("/v1/track")
                .then().statusCode(200).body("success", equalTo(true));

        ConsumerRecord<String, String> record = TestKafka
                .awaitExactly(Topics.USAGE_EVENTS, TestKeys.TENANT + ":" + account, 1).get(0);
        Envelope envelope = codec.decode(record.value());
        assertThat(envelope.type()).isEqualTo("usage.track");
        assertThat(envelope.tenantId()).isEqualTo(TestKeys.TENANT);
        assertThat(envelope.accountId()).isEqualTo(account);
        assertThat(envelope.payload().get("messageId").asText()).isEqualTo(messageId);
        assertThat(envelope.payload().get("event").asText()).isEqualTo("Report Viewed");
    }

    @Test
    void bearerKeyIsAcceptedToo() {
        given().auth().oauth2(TestKeys.INGEST).contentType(ContentType.JSON)
                .body("{\"userId\":\"u1\",\"groupId\":\"acme\",\"traits\":{\"plan\":\"pro\"}}")
                .post("/v1/group")
                .then().statusCode(200).body("success", equalTo(true));
    }

    @Test
    void malformedJsonIsA400Problem() {
        given().auth().oauth2(TestKeys.INGEST).contentType(ContentType.JSON)
                .body("{\"userId\": ")
                .post("/v1/track")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("title", equalTo("Invalid request"))
                .body("detail", containsString("not valid JSON"));
    }

    @Test
    void eventWithoutAccountIsA400ProblemNamingTheField() {
        given().auth().oauth2(TestKeys.INGEST).contentType(ContentType.JSON)
                // A user no group call has placed in an account.
                .body("{\"userId\":\"stranger-%s\",\"event\":\"Login\"}".formatted(UUID.randomUUID()))
                .post("/v1/track")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("groupId"))
                .body("errors[0].rule", equalTo("required"))
                .body("errors.size()", equalTo(1));
    }

    @Test
    void nonObjectBodyIsA400Problem() {
        given().auth().oauth2(TestKeys.INGEST).contentType(ContentType.JSON)
                .body("[1,2]")
                .post("/v1/track")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", equalTo("The request body must be a JSON object"));
    }

    @Test
    void missingOrWrongKeyIs401AndAKeyWithoutIngestScopeIs403() {
        String body = "{\"userId\":\"u1\",\"groupId\":\"acme\",\"event\":\"Login\"}";
        given().contentType(ContentType.JSON).body(body).post("/v1/track")
                .then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2("not-a-key").contentType(ContentType.JSON).body(body).post("/v1/track")
                .then().statusCode(401).contentType("application/problem+json")
                .body("detail", equalTo("Unknown or revoked API key"));
        given().auth().oauth2(TestKeys.OPS).contentType(ContentType.JSON).body(body).post("/v1/track")
                .then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void unknownCallIsA404Problem() {
        given().auth().oauth2(TestKeys.INGEST).contentType(ContentType.JSON).body("{}")
                .post("/v1/alias")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void aBatchWithSomeInvalidEventsAcceptsTheRestAndReportsAndKeepsEachRejection() {
        String account = "batch-" + UUID.randomUUID();
        String m1 = UUID.randomUUID().toString();
        String m2 = UUID.randomUUID().toString();
        String m4 = UUID.randomUUID().toString();

        given().auth().preemptive().basic(TestKeys.INGEST, "").contentType(ContentType.JSON)
                .body("""
                        {"batch": [
                          {"type":"track","messageId":"%s","userId":"u1","groupId":"%s","event":"Login"},
                          {"type":"track","messageId":"%s","userId":"u1","groupId":"%s"},
                          42,
                          {"type":"identify","messageId":"%s","userId":"u1","groupId":"%s","traits":{"email":"u1@x.example"}}
                        ]}""".formatted(m1, account, m2, account, m4, account))
                .post("/v1/batch")
                .then().statusCode(200)
                .body("success", equalTo(true))
                .body("accepted", equalTo(2))
                .body("rejected.size()", equalTo(2))
                .body("rejected[0].index", equalTo(1))
                .body("rejected[0].messageId", equalTo(m2))
                .body("rejected[0].reason", equalTo("event: a track call names its event"))
                .body("rejected[0].errors[0].rule", equalTo("required"))
                .body("rejected[1].index", equalTo(2))
                .body("rejected[1].reason", equalTo("an event must be a JSON object"));

        List<ConsumerRecord<String, String>> published = TestKafka.awaitExactly(Topics.USAGE_EVENTS,
                TestKeys.TENANT + ":" + account, 2);
        assertThat(published).extracting(r -> codec.decode(r.value()).payload().get("messageId").asText())
                .containsExactly(m1, m4);

        given().auth().oauth2(TestKeys.OPS).queryParam("limit", 50).get("/v1/rejections")
                .then().statusCode(200)
                .body("rejections.find { it.messageId == '%s' }.batchIndex".formatted(m2), equalTo(1))
                .body("rejections.find { it.messageId == '%s' }.source".formatted(m2), equalTo("http"))
                .body("rejections.find { it.messageId == '%s' }.reasons[0].field".formatted(m2), equalTo("event"))
                .body("rejections.find { it.messageId == '%s' }.event".formatted(m2), containsString(account));
        given().auth().oauth2(TestKeys.OTHER_TENANT_OPS).queryParam("limit", 500).get("/v1/rejections")
                .then().statusCode(200)
                .body("rejections.findAll { it.messageId == '%s' }.size()".formatted(m2), equalTo(0));
    }

    @Test
    void aGroupCallAttributesTheUsersLaterEventsUntilTheUserIsInTwoAccounts() {
        String user = "member-" + UUID.randomUUID();
        String acme = "acme-" + UUID.randomUUID();
        String globex = "globex-" + UUID.randomUUID();

        // In one batch, the group call attributes the track after it.
        given().auth().oauth2(TestKeys.INGEST).contentType(ContentType.JSON)
                .body("""
                        {"batch": [
                          {"type":"group","userId":"%s","groupId":"%s","traits":{"name":"Acme"}},
                          {"type":"track","userId":"%s","event":"Login"}
                        ]}""".formatted(user, acme, user))
                .post("/v1/batch")
                .then().statusCode(200).body("accepted", equalTo(2)).body("rejected.size()", equalTo(0));
        // In a later request, the stored membership does.
        given().auth().oauth2(TestKeys.INGEST).contentType(ContentType.JSON)
                .body("{\"userId\":\"%s\",\"event\":\"Report Viewed\"}".formatted(user))
                .post("/v1/track")
                .then().statusCode(200);
        List<ConsumerRecord<String, String>> acmeEvents = TestKafka.awaitExactly(Topics.USAGE_EVENTS,
                TestKeys.TENANT + ":" + acme, 3);
        assertThat(acmeEvents).extracting(r -> codec.decode(r.value()).type())
                .containsExactly("usage.group", "usage.track", "usage.track");

        given().auth().oauth2(TestKeys.INGEST).contentType(ContentType.JSON)
                .body("{\"userId\":\"%s\",\"groupId\":\"%s\"}".formatted(user, globex))
                .post("/v1/group")
                .then().statusCode(200);
        given().auth().oauth2(TestKeys.INGEST).contentType(ContentType.JSON)
                .body("{\"userId\":\"%s\",\"event\":\"Login\"}".formatted(user))
                .post("/v1/track")
                .then().statusCode(400)
                .body("errors[0].field", equalTo("groupId"))
                .body("errors[0].rule", equalTo("ambiguous"));
    }

    @Test
    void aRequestOverTheSizeLimitIs413() {
        String padding = "x".repeat(600 * 1024);
        given().auth().oauth2(TestKeys.INGEST).contentType(ContentType.JSON)
                .body("{\"batch\":[],\"padding\":\"%s\"}".formatted(padding))
                .post("/v1/batch")
                .then().statusCode(413).contentType("application/problem+json")
                .body("errors[0].rule", equalTo("max-size"));
    }

    @Test
    void aGzipBatchAsServerSdksSendItIsAcceptedAndADeflatedCallToo() throws java.io.IOException {
        String account = "gzip-" + UUID.randomUUID();
        String batch = """
                {"batch":[{"type":"track","messageId":"%s","userId":"u1","groupId":"%s","event":"Login"},
                          {"type":"track","messageId":"%s","userId":"u1","groupId":"%s","event":"Export"}]}"""
                .formatted(UUID.randomUUID(), account, UUID.randomUUID(), account);
        given().auth().preemptive().basic(TestKeys.INGEST, "").contentType(ContentType.JSON)
                .header("Content-Encoding", "gzip")
                .body(ContentEncodingsTest.gzip(batch.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .post("/v1/batch")
                .then().statusCode(200).body("accepted", equalTo(2)).body("rejected.size()", equalTo(0));
        given().auth().preemptive().basic(TestKeys.INGEST, "").contentType(ContentType.JSON)
                .header("Content-Encoding", "deflate")
                .body(ContentEncodingsTest.deflate("""
                        {"userId":"u1","groupId":"%s","event":"Import"}""".formatted(account)
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8), false))
                .post("/v1/track")
                .then().statusCode(200);

        assertThat(TestKafka.awaitExactly(Topics.USAGE_EVENTS, TestKeys.TENANT + ":" + account, 3))
                .extracting(r -> codec.decode(r.value()).payload().get("event").asText())
                .containsExactly("Login", "Export", "Import");
    }

    @Test
    void aDecompressionBombIsA413ProblemAndAnUnknownEncodingA415() throws java.io.IOException {
        // 64 MiB of zeros, 64 KB on the wire: within the HTTP limit, far over the request limit.
        byte[] bomb = ContentEncodingsTest.gzipZeros(64 << 20);
        for (String path : List.of("/v1/batch", "/v1/track")) {
            given().auth().oauth2(TestKeys.INGEST).contentType(ContentType.JSON).header("Content-Encoding", "gzip")
                    .body(bomb).post(path)
                    .then().statusCode(413).contentType("application/problem+json")
                    .body("errors[0].field", equalTo("body"))
                    .body("errors[0].rule", equalTo("max-size"));
        }
        given().auth().oauth2(TestKeys.INGEST).contentType(ContentType.JSON).header("Content-Encoding", "br")
                .body(new byte[] { 1, 2, 3 }).post("/v1/batch")
                .then().statusCode(415).contentType("application/problem+json")
                .body("errors[0].field", equalTo("Content-Encoding"))
                .body("errors[0].rule", equalTo("one-of"));
    }

    @Test
    void aBatchOfMoreThan2500EventsIs413() {
        String events = String.join(",", java.util.Collections.nCopies(2501, "{}"));
        given().auth().oauth2(TestKeys.INGEST).contentType(ContentType.JSON)
                .body("{\"batch\":[%s]}".formatted(events))
                .post("/v1/batch")
                .then().statusCode(413).contentType("application/problem+json")
                .body("errors[0].field", equalTo("batch"))
                .body("errors[0].rule", equalTo("max-items"));
    }

    @Test
    void anEventOver32KbInABatchIsRejectedAndTheOthersAccepted() {
        String account = "big-" + UUID.randomUUID();
        String big = "y".repeat(33 * 1024);
        given().auth().oauth2(TestKeys.INGEST).contentType(ContentType.JSON)
                .body("""
                        {"batch": [
                          {"type":"track","userId":"u1","groupId":"%s","event":"Big","properties":{"blob":"%s"}},
                          {"type":"track","userId":"u1","groupId":"%s","event":"Small"}
                        ]}""".formatted(account, big, account))
                .post("/v1/batch")
                .then().statusCode(200)
                .body("accepted", equalTo(1))
                .body("rejected[0].index", equalTo(0))
                .body("rejected[0].errors[0].rule", equalTo("max-size"));
    }

    @Test
    void theBatchSentAtCorrectsClockSkewAndAnEventFarInTheFutureIsRejected() {
        String account = "skew-" + UUID.randomUUID();
        // The client's clock runs 2 hours fast: it stamped the event at 11:00 and sent it at 11:00:30.
        given().auth().oauth2(TestKeys.INGEST).contentType(ContentType.JSON)
                .body("""
                        {"sentAt":"2099-01-01T11:00:30Z","batch": [
                          {"type":"track","userId":"u1","groupId":"%s","event":"Login","timestamp":"2099-01-01T11:00:00Z"}
                        ]}""".formatted(account))
                .post("/v1/batch")
                .then().statusCode(200).body("accepted", equalTo(1));
        Envelope event = codec.decode(TestKafka.awaitExactly(Topics.USAGE_EVENTS, TestKeys.TENANT + ":" + account, 1)
                .get(0).value());
        Instant receivedAt = Instant.parse(event.payload().get("receivedAt").asText());
        assertThat(event.eventTime()).isEqualTo(receivedAt.minusSeconds(30));

        given().auth().oauth2(TestKeys.INGEST).contentType(ContentType.JSON)
                .body("{\"userId\":\"u1\",\"groupId\":\"%s\",\"event\":\"Login\",\"timestamp\":\"2099-01-01T00:00:00Z\"}"
                        .formatted(account))
                .post("/v1/track")
                .then().statusCode(400).body("errors[0].rule", equalTo("not-in-future"));
    }

    @Test
    void aBatchWithoutAnArrayOrWithABadSentAtIsA400Problem() {
        given().auth().oauth2(TestKeys.INGEST).contentType(ContentType.JSON).body("{\"events\":[]}")
                .post("/v1/batch")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("batch"));
        given().auth().oauth2(TestKeys.INGEST).contentType(ContentType.JSON).body("{\"batch\":[],\"sentAt\":\"now\"}")
                .post("/v1/batch")
                .then().statusCode(400).body("errors[0].field", equalTo("sentAt"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "identify", "page", "screen" })
    void theOtherSegmentCallsAreAccepted(String call) {
        given().auth().oauth2(TestKeys.INGEST).contentType(ContentType.JSON)
                .body("{\"userId\":\"u1\",\"groupId\":\"acme\",\"name\":\"Home\"}")
                .post("/v1/" + call)
                .then().statusCode(200).body("success", equalTo(true));
    }

    @Test
    void acceptedAndRejectedEventsAreCountedByReasonAndTheApiIsDescribed() {
        given().auth().oauth2(TestKeys.INGEST).contentType(ContentType.JSON)
                .body("{\"batch\":[{\"type\":\"track\",\"userId\":\"u1\",\"groupId\":\"acme\"},"
                        + "{\"type\":\"track\",\"userId\":\"u1\",\"groupId\":\"acme\",\"event\":\"E\"}]}")
                .post("/v1/batch").then().statusCode(200)
                .body("accepted", equalTo(1)).body("rejected.size()", equalTo(1));

        given().get(metrics).then().statusCode(200)
                .body(containsString("touchline_ingest_events_total{outcome=\"rejected\",reason=\"event:required\","
                        + "source=\"http\",tenant=\"" + TestKeys.TENANT + "\"}"))
                .body(containsString("touchline_ingest_request_events_count{source=\"http\"}"))
                .body(containsString("touchline_ingest_publish_seconds_count"));
        given().get(openapi).then().statusCode(200)
                .body(containsString("/v1/batch"))
                .body(containsString("/v1/rejections"))
                .body(containsString("/v1/write-keys"));
    }

    @Test
    void extremeValuesAreRejectedAsEventsNeverFailTheRequest() {
        String account = "extreme-" + UUID.randomUUID();
        given().auth().oauth2(TestKeys.INGEST).contentType(ContentType.JSON)
                .body("""
                        {"batch": [
                          {"type":"track","userId":"u1","groupId":"%s","event":"E",
                           "originalTimestamp":"-999999999-01-01T00:00:00Z","sentAt":"+999999999-01-01T00:00:00Z"},
                          {"type":"group","userId":"u1","groupId":"%s","traits":{"mrr":1e400,"currency":"JPY"}},
                          {"type":"group","userId":"u1","groupId":"%s","traits":{"renewalDate":"+1000000000-01-01T00:00:00Z"}},
                          {"type":"track","userId":"u1","groupId":"%s","event":"Fine"}
                        ]}""".formatted(account, account, account, account))
                .post("/v1/batch")
                .then().statusCode(200)
                .body("accepted", equalTo(1))
                .body("rejected.index", org.hamcrest.Matchers.contains(0, 1, 2))
                .body("rejected[0].errors[0].field", equalTo("timestamp"))
                .body("rejected[1].errors[0].field", equalTo("traits.mrr"))
                .body("rejected[2].errors[0].field", equalTo("traits.renewalDate"));
    }
}
