package io.touchline.ingest.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.touchline.messaging.Envelope;
import io.touchline.messaging.EnvelopeCodec;
import io.touchline.messaging.Topics;
import io.touchline.messaging.contract.ImportProgress;
import io.touchline.testing.TestKafka;
import io.touchline.testing.TestKeys;
import io.touchline.testing.TouchlineTestResource;

/**
 * The import door: a gzipped batch of history into an import job, on {@code usage-imports} marked
 * historical and naming the job; the job's counters, its end markers on every partition, and
 * scoring's progress shown on it. One test, since a tenant has one open import at a time.
 */
@QuarkusTest
@WithTestResource(TouchlineTestResource.class)
class ImportsResourceTest {

    @Inject
    EnvelopeCodec codec;

    @Inject
    ObjectMapper mapper;

    @Test
    void anImportIsAJobFromItsFirstBatchToItsHandOver() throws Exception {
        String account = "history-" + UUID.randomUUID();
        String key = TestKeys.TENANT + ":" + account;
        // Only import keys import; a write key does not, and bad input names its field.
        given().auth().oauth2(TestKeys.INGEST).contentType(ContentType.JSON).body("{}").post("/v1/imports").then()
                .statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(TestKeys.IMPORT).contentType(ContentType.JSON).body("{\"actionsFrom\":\"soon\"}")
                .post("/v1/imports").then().statusCode(400).body("errors[0].field", equalTo("actionsFrom"));

        String id = given().auth().oauth2(TestKeys.IMPORT).contentType(ContentType.JSON)
                .body("{\"actionsFrom\":\"2026-03-01T00:00:00Z\"}").post("/v1/imports").then().statusCode(201)
                .body("state", equalTo("receiving")).body("actionsFrom", equalTo("2026-03-01T00:00:00Z"))
                .extract().path("id");
        given().auth().oauth2(TestKeys.IMPORT).contentType(ContentType.JSON).body("{}").post("/v1/imports").then()
                .statusCode(409).contentType("application/problem+json");

        String batch = """
                {"batch":[
                  {"type":"group","messageId":"m1-%1$s","userId":"u1","groupId":"%1$s","timestamp":"2026-01-05T09:00:00Z","traits":{"seats":3}},
                  {"type":"track","messageId":"m2-%1$s","userId":"u1","groupId":"%1$s","event":"Report Viewed","timestamp":"2026-01-06T09:00:00Z"},
                  {"type":"track","messageId":"m3-%1$s","groupId":"%1$s","event":"Report Viewed","timestamp":"2026-01-07T09:00:00Z"}
                ]}"""
                .formatted(account);
        for (int round = 0; round < 2; round++) {
            // Sent twice, as a retried upload: the same message ids, so scoring applies each once.
            given().auth().oauth2(TestKeys.IMPORT).contentType(ContentType.JSON).header("Content-Encoding", "gzip")
                    .body(gzip(batch)).queryParam("importId", id).post("/v1/import").then().statusCode(200)
                    .body("accepted", equalTo(2)).body("rejected[0].index", equalTo(2))
                    .body("rejected[0].errors[0].field", equalTo("userId"));
        }
        List<Envelope> events = TestKafka.awaitExactly(Topics.USAGE_IMPORTS, key, 4).stream()
                .map(r -> codec.decode(r.value())).toList();
        assertThat(events).extracting(Envelope::id).containsExactly(TestKeys.TENANT + ":m1-" + account,
                TestKeys.TENANT + ":m2-" + account, TestKeys.TENANT + ":m1-" + account, TestKeys.TENANT + ":m2-" + account);
        assertThat(events).extracting(Envelope::eventTime).containsExactly(Instant.parse("2026-01-05T09:00:00Z"),
                Instant.parse("2026-01-06T09:00:00Z"), Instant.parse("2026-01-05T09:00:00Z"),
                Instant.parse("2026-01-06T09:00:00Z"));
        assertThat(events).allSatisfy(e -> {
            assertThat(e.payload().get("historical").asBoolean()).isTrue();
            assertThat(e.payload().get("importId").asText()).isEqualTo(id);
            assertThat(e.payload().get("actionsFrom").asText()).isEqualTo("2026-03-01T00:00:00Z");
        });
        TestKafka.awaitExactly(Topics.USAGE_EVENTS, key, 0);

        given().auth().oauth2(TestKeys.IMPORT).get("/v1/imports/{id}", id).then().statusCode(200)
                .body("eventsRead", equalTo(6)).body("accepted", equalTo(4)).body("rejected", equalTo(2))
                .body("rejections", equalTo(Map.of("userId: required", 2))).body("state", equalTo("receiving"));

        // Ended: a marker on every partition, after the events; no more batches.
        given().auth().oauth2(TestKeys.IMPORT).post("/v1/imports/{id}/end", id).then().statusCode(202)
                .body("state", equalTo("ended"));
        List<ConsumerRecord<String, String>> markers = TestKafka.awaitExactly(Topics.USAGE_IMPORTS,
                TestKeys.TENANT + ":" + id, Topics.PARTITIONS);
        assertThat(markers).extracting(ConsumerRecord::partition).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
        assertThat(codec.decode(markers.get(0).value()).payload().get("partitions").asInt()).isEqualTo(Topics.PARTITIONS);
        given().auth().oauth2(TestKeys.IMPORT).post("/v1/imports/{id}/end", id).then().statusCode(202);
        given().auth().oauth2(TestKeys.IMPORT).contentType(ContentType.JSON).body(batch).queryParam("importId", id)
                .post("/v1/import").then().statusCode(409);

        // Scoring's reports: the newest totals stay, an older one redelivered changes nothing.
        progress(id, new ImportProgress(id, 2, 0, List.of(), Instant.parse("2026-01-06T08:00:00Z"), false));
        progress(id, new ImportProgress(id, 2, 0, List.of(), Instant.parse("2026-01-06T09:00:00Z"), true));
        progress(id, new ImportProgress(id, 1, 0, List.of(), Instant.parse("2026-01-05T08:00:00Z"), false));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(TestKeys.IMPORT)
                .get("/v1/imports/{id}", id).then().statusCode(200).body("state", equalTo("handed-over"))
                .body("applied", equalTo(2)).body("watermark", equalTo("2026-01-06T09:00:00Z")));
        given().auth().oauth2(TestKeys.IMPORT).get("/v1/imports").then().statusCode(200).body("[0].id", equalTo(id));
        given().auth().oauth2(TestKeys.OTHER_TENANT_OPS).get("/v1/imports/{id}", id).then().statusCode(403);
        given().auth().oauth2(TestKeys.IMPORT).get("/v1/imports/{id}", "no-such-import").then().statusCode(404);
    }

    private void progress(String id, ImportProgress p) {
        Instant now = Instant.now();
        TestKafka.produce(Topics.IMPORT_PROGRESS,
                new Envelope(id + ":" + p.applied() + ":" + p.handedOver(), "import.progress", TestKeys.TENANT, id, now,
                        now, mapper.valueToTree(p)));
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
