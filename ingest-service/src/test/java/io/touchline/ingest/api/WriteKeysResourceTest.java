package io.touchline.ingest.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.touchline.testing.TestKeys;
import io.touchline.testing.TouchlineTestResource;

@QuarkusTest
@WithTestResource(TouchlineTestResource.class)
class WriteKeysResourceTest {

    private static final String EVENT = "{\"userId\":\"u1\",\"groupId\":\"acme\",\"event\":\"Login\"}";

    @Test
    void anOperatorCreatesAWriteKeyThatWorksUntilItIsRevoked() {
        String label = "web app " + UUID.randomUUID();
        JsonPath created = given().auth().oauth2(TestKeys.ADMIN).contentType(ContentType.JSON)
                .body("{\"label\":\"%s\"}".formatted(label))
                .post("/v1/write-keys")
                .then().statusCode(201)
                .body("key", startsWith("tl_wk_"))
                .body("label", equalTo(label))
                .extract().jsonPath();
        String id = created.getString("id");
        String key = created.getString("key");

        given().auth().preemptive().basic(key, "").contentType(ContentType.JSON).body(EVENT).post("/v1/track")
                .then().statusCode(200);
        given().auth().oauth2(TestKeys.ADMIN).get("/v1/write-keys")
                .then().statusCode(200)
                .body("find { it.id == '%s' }.label".formatted(id), equalTo(label))
                .body("find { it.id == '%s' }.revokedAt".formatted(id), nullValue())
                .body("key", not(hasItem(key)));

        given().auth().oauth2(TestKeys.ADMIN).delete("/v1/write-keys/{id}", id).then().statusCode(204);

        given().auth().preemptive().basic(key, "").contentType(ContentType.JSON).body(EVENT).post("/v1/track")
                .then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(TestKeys.ADMIN).delete("/v1/write-keys/{id}", id)
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void aWriteKeyCannotReadAndAnotherTenantCannotRevoke() {
        JsonPath created = given().auth().oauth2(TestKeys.ADMIN).contentType(ContentType.JSON)
                .body("{\"label\":\"mobile\"}").post("/v1/write-keys")
                .then().statusCode(201).extract().jsonPath();

        given().auth().oauth2(created.getString("key")).get("/v1/write-keys")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(TestKeys.OTHER_TENANT_OPS).delete("/v1/write-keys/{id}", created.getString("id"))
                .then().statusCode(403);
    }

    @Test
    void aKeyNeedsALabel() {
        given().auth().oauth2(TestKeys.ADMIN).contentType(ContentType.JSON).body("{\"label\":\"  \"}")
                .post("/v1/write-keys")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("label"));
        given().auth().oauth2(TestKeys.ADMIN).contentType(ContentType.JSON).body("{\"label\":")
                .post("/v1/write-keys")
                .then().statusCode(400).contentType("application/problem+json");
    }
}
