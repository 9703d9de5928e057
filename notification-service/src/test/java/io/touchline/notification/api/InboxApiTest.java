package io.touchline.notification.api;

import static io.restassured.RestAssured.given;
import static io.touchline.notification.Fixtures.awaitDelivery;
import static io.touchline.notification.Fixtures.produceTouch;
import static io.touchline.notification.Fixtures.touch;
import static io.touchline.notification.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.touchline.messaging.Envelope;
import io.touchline.messaging.EnvelopeCodec;
import io.touchline.notification.Fixtures;
import io.touchline.notification.GreenMailTestResource;
import io.touchline.notification.domain.UserTokens;
import io.touchline.testing.TestKeys;
import io.touchline.testing.TouchlineTestResource;

@QuarkusTest
@WithTestResource(TouchlineTestResource.class)
@WithTestResource(GreenMailTestResource.class)
class InboxApiTest {

    private static final String INBOX_SECRET = "inbox-secret-of-tenant-a-0123456789";

    @Inject
    EnvelopeCodec codec;

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    @BeforeEach
    void inboxSecret() {
        Fixtures.channels(Map.of("inboxSecret", INBOX_SECRET));
    }

    private static String token(String user, Duration validFor) {
        return UserTokens.mint(TestKeys.TENANT, user, Instant.now().plus(validFor), INBOX_SECRET);
    }

    @Test
    void aUserTokenReadsItsOwnInboxUnreadFirstAndMarksMessagesRead() {
        String user = unique("user");
        String account = unique("acme");
        Envelope first = touch(codec, account, "in-app", user, "welcome");
        Envelope second = touch(codec, account, "in-app", user, "upgrade");
        Envelope third = touch(codec, account, "in-app", user, "setup-guide");
        for (Envelope message : List.of(first, second, third)) {
            produceTouch(message);
            awaitDelivery(message.id(), "SENT");
        }
        String token = token(user, Duration.ofHours(1));

        given().auth().oauth2(token).get("/v1/inbox")
                .then().statusCode(200)
                .body("items.id", equalTo(List.of(third.id(), second.id(), first.id())))
                .body("items[0].title", equalTo("Title of setup-guide"))
                .body("items[0].readAt", nullValue());
        given().auth().oauth2(token).post("/v1/inbox/{id}/read", third.id())
                .then().statusCode(200).body("id", equalTo(third.id())).body("readAt", notNullValue());

        // Unread first, then read; each newest first; two at a time.
        String next = given().auth().oauth2(token).queryParam("limit", 2).get("/v1/inbox")
                .then().statusCode(200)
                .body("items.id", equalTo(List.of(second.id(), first.id())))
                .extract().path("next");
        given().auth().oauth2(token).queryParam("limit", 2).queryParam("cursor", next).get("/v1/inbox")
                .then().statusCode(200)
                .body("items.id", equalTo(List.of(third.id()))).body("next", nullValue());

        // The ops key reads any user's inbox, for support; a write key reads none.
        given().auth().oauth2(TestKeys.OPS).get("/v1/inbox/{user}", user)
                .then().statusCode(200).body("items.size()", equalTo(3));
        given().auth().oauth2(TestKeys.OTHER_TENANT_OPS).get("/v1/inbox/{user}", user)
                .then().statusCode(200).body("items.size()", equalTo(0));
        given().auth().oauth2(TestKeys.INGEST).get("/v1/inbox/{user}", user)
                .then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void forgedExpiredAndOtherTenantTokensAreRefusedAndAnotherUsersMessageIsNotFound() {
        String user = unique("user");
        Envelope message = touch(codec, unique("acme"), "in-app", user, "welcome");
        produceTouch(message);
        awaitDelivery(message.id(), "SENT");

        String forged = UserTokens.mint(TestKeys.TENANT, user, Instant.now().plusSeconds(3600), "guessed-secret-0123456789");
        String expired = token(user, Duration.ofSeconds(-1));
        String otherTenant = UserTokens.mint(TestKeys.OTHER_TENANT, user, Instant.now().plusSeconds(3600), INBOX_SECRET);
        for (String refused : List.of(forged, expired, otherTenant, "not.a.token")) {
            given().auth().oauth2(refused).get("/v1/inbox")
                    .then().statusCode(401).contentType("application/problem+json");
            given().auth().oauth2(refused).post("/v1/inbox/{id}/read", message.id())
                    .then().statusCode(401).contentType("application/problem+json");
        }
        given().get("/v1/inbox").then().statusCode(401).contentType("application/problem+json");
        // An ops key is not a user token: the browser endpoints want one.
        given().auth().oauth2(TestKeys.OPS).get("/v1/inbox").then().statusCode(401);

        String otherUser = token(unique("user"), Duration.ofHours(1));
        given().auth().oauth2(otherUser).get("/v1/inbox").then().statusCode(200).body("items.size()", equalTo(0));
        given().auth().oauth2(otherUser).post("/v1/inbox/{id}/read", message.id())
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(token(user, Duration.ofHours(1))).get("/v1/inbox")
                .then().statusCode(200).body("items[0].readAt", nullValue());
    }

    @Test
    void theStreamDeliversNewMessagesAndResumesAfterTheLastEventId() throws Exception {
        String user = unique("user");
        String token = token(user, Duration.ofHours(1));
        List<String> lines = new CopyOnWriteArrayList<>();
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/inbox/stream?token=" + token))
                .header("Accept", "text/event-stream").build();
        var response = client.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(response.join().body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (Exception e) {
                // the test ends the stream
            }
        });
        reader.setDaemon(true);
        reader.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> response.isDone());
        assertThat(response.get().statusCode()).isEqualTo(200);

        Envelope first = touch(codec, unique("acme"), "in-app", user, "welcome");
        produceTouch(first);
        await().atMost(Fixtures.ARRIVAL).until(() -> lines.stream().anyMatch(l -> l.contains(first.id())));
        String firstId = lines.stream().filter(l -> l.startsWith("id:")).findFirst().orElseThrow().substring(3).trim();
        assertThat(lines).contains("event:message");
        response.get().body().close();

        Envelope second = touch(codec, unique("acme"), "in-app", user, "upgrade");
        produceTouch(second);
        awaitDelivery(second.id(), "SENT");
        HttpResponse<java.util.stream.Stream<String>> resumed = client.sendAsync(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/v1/inbox/stream"))
                .header("Authorization", "Bearer " + token).header("Last-Event-ID", firstId)
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines()).get();
        String data = resumed.body().filter(l -> l.startsWith("data:")).findFirst().orElseThrow();
        assertThat(data).contains(second.id()).doesNotContain(first.id());
        resumed.body().close();

        // A stream needs a valid token too.
        assertThat(client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/inbox/stream?token=x.y.z"))
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
    }

    @Test
    void anInAppMessageToAUserWhoOptedOutIsSuppressedAndNotInTheirInbox() {
        String user = unique("user");
        given().auth().oauth2(TestKeys.OPS).contentType("application/json")
                .body(Map.of("recipient", user, "channel", "in-app"))
                .put("/v1/opt-outs").then().statusCode(200).body("source", equalTo("api"));
        Envelope message = touch(codec, unique("acme"), "in-app", user, "welcome");

        produceTouch(message);

        assertThat(awaitDelivery(message.id(), "SUPPRESSED").getString("delivery.reason")).isEqualTo("opt-out");
        given().auth().oauth2(token(user, Duration.ofHours(1))).get("/v1/inbox")
                .then().statusCode(200).body("items.size()", equalTo(0));
        given().auth().oauth2(TestKeys.OPS).queryParam("recipient", user).queryParam("channel", "in-app")
                .delete("/v1/opt-outs").then().statusCode(204);
        given().auth().oauth2(TestKeys.OPS).queryParam("recipient", user).queryParam("channel", "in-app")
                .delete("/v1/opt-outs").then().statusCode(404).contentType("application/problem+json");
    }
}
