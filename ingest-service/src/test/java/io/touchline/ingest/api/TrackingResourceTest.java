package io.touchline.ingest.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.touchline.messaging.Envelope;
import io.touchline.messaging.EnvelopeCodec;
import io.touchline.messaging.Topics;
import io.touchline.testing.TestKafka;
import io.touchline.testing.TestKeys;
import io.touchline.testing.TouchlineTestResource;

@QuarkusTest
@WithTestResource(TouchlineTestResource.class)
class TrackingResourceTest {

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
                .body("{\"userId\":\"u1\",\"event\":\"Login\"}")
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
}
