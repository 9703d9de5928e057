package io.touchline.playbook.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.touchline.playbook.TestSignals;
import io.touchline.testing.TestKeys;
import io.touchline.testing.TouchlineTestResource;

/** The alerts feed, live and paged, and an account's timeline. */
@QuarkusTest
@WithTestResource(TouchlineTestResource.class)
class AlertsApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/v1/alerts/stream")
    URL stream;

    /** One SSE event as read off the wire. */
    record Event(String id, String name, JsonNode data) {
    }

    /** Reads an SSE stream in the background: its events, and whether a comment came. */
    static final class SseReader implements AutoCloseable {

        final List<Event> events = new CopyOnWriteArrayList<>();
        volatile boolean commented;
        private final java.util.concurrent.CompletableFuture<HttpResponse<Stream<String>>> response;

        SseReader(URL url, String lastEventId) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url.toString()))
                    .header("Authorization", "Bearer " + TestKeys.OPS).header("Accept", "text/event-stream");
            if (lastEventId != null) {
                request.header("Last-Event-ID", lastEventId);
            }
            response = HttpClient.newHttpClient().sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines());
            response.thenAccept(r -> new Thread(() -> read(r.body()), "sse-reader").start());
        }

        private void read(Stream<String> lines) {
            String id = null;
            String name = null;
            StringBuilder data = new StringBuilder();
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.startsWith(":")) {
                    commented = true;
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).trim());
                } else if (line.isEmpty() && data.length() > 0) {
                    try {
                        events.add(new Event(id, name, JSON.readTree(data.toString())));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    data.setLength(0);
                }
            }
        }

        List<Event> of(String account) {
            return events.stream().filter(e -> account.equals(e.data().get("accountId").asText())).toList();
        }

        @Override
        public void close() {
            response.thenAccept(r -> r.body().close());
            response.cancel(true);
        }
    }

    @Test
    void theStreamDeliversANewAlertAndResumesFromLastEventId() {
        String account = "live-" + UUID.randomUUID();
        String resumeFrom;
        try (SseReader live = new SseReader(stream, null)) {
            // The first keep-alive comment shows the stream has taken its starting position.
            await().atMost(Duration.ofSeconds(20)).until(() -> live.commented);
            TestSignals first = TestSignals.red(account).tier("high-touch").produce();

            await().atMost(Duration.ofSeconds(20)).until(() -> live.of(account).size() == 1);
            Event event = live.of(account).get(0);
            assertThat(event.name()).isEqualTo("alert");
            assertThat(event.data().get("signalId").asText()).isEqualTo(first.signalId());
            assertThat(event.data().get("position").asText()).isEqualTo(event.id());
            assertThat(event.data().at("/actions/0/outcome").asText()).isEqualTo("created");
            assertThat(event.data().at("/actions/0/playbookId").asText()).isEqualTo("health-red-high-touch");
            resumeFrom = event.id();
        }

        // While no one listens, two more alerts of the account arrive.
        TestSignals second = TestSignals.red(account).tier("high-touch").ofType("INACTIVE", "yellow").produce();
        TestSignals third = TestSignals.red(account).tier("high-touch").ofType("CONTACT_CHANGED", "yellow").produce();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(TestKeys.OPS)
                .queryParam("accountId", account).get("/v1/alerts").then().body("items.size()", equalTo(3)));

        try (SseReader resumed = new SseReader(stream, resumeFrom)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> resumed.of(account).size() == 2);
            assertThat(resumed.of(account)).extracting(e -> e.data().get("signalId").asText())
                    .containsExactly(second.signalId(), third.signalId());
            assertThat(Long.parseLong(resumed.of(account).get(0).id())).isGreaterThan(Long.parseLong(resumeFrom));
        }
    }

    @Test
    void theFeedPagesNewestFirstAndTheTimelineTellsTheAccountsStory() {
        TestSignals first = TestSignals.red("story-" + UUID.randomUUID()).produce();
        TestSignals second = first.ofType("INACTIVE", "red").next(TestSignals.TUESDAY.plus(Duration.ofDays(1))).produce();
        TestSignals third = first.ofType("HEALTH_DROPPED", "red").next(TestSignals.TUESDAY.plus(Duration.ofDays(2)))
                .produce();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(TestKeys.OPS)
                .queryParam("accountId", first.accountId()).get("/v1/alerts").then().body("items.size()", equalTo(3)));

        var page = given().auth().oauth2(TestKeys.OPS).queryParam("accountId", first.accountId()).queryParam("limit", 2)
                .get("/v1/alerts").then().statusCode(200)
                .body("items.signalId", contains(third.signalId(), second.signalId())).extract().jsonPath();
        given().auth().oauth2(TestKeys.OPS).queryParam("accountId", first.accountId()).queryParam("limit", 2)
                .queryParam("cursor", page.getString("next")).get("/v1/alerts").then().statusCode(200)
                .body("items.signalId", contains(first.signalId())).body("next", equalTo(null));
        given().auth().oauth2(TestKeys.OPS).queryParam("accountId", first.accountId()).queryParam("type", "INACTIVE")
                .get("/v1/alerts").then().statusCode(200).body("items.signalId", contains(second.signalId()))
                // The inactive low-touch playbook: the email, and its follow-up task (whose cooldown the red one set
                // does not touch: cooldowns are per playbook).
                .body("items[0].actions.kind", contains("message", "task"))
                .body("items[0].actions.outcome", contains("created", "created"));
        given().auth().oauth2(TestKeys.OPS).queryParam("type", "BORED").get("/v1/alerts").then().statusCode(400)
                .body("errors[0].field", equalTo("type"));

        // The red signal, its task and email; the inactivity signal, its email and task; the drop (no playbook).
        given().auth().oauth2(TestKeys.OPS).get("/v1/accounts/{id}/timeline", first.accountId()).then().statusCode(200)
                .body("kind[0..2]", contains("signal", "signal", "signal"))
                .body("findAll { it.kind == 'task' }.task.change", contains("created", "created"))
                .body("findAll { it.kind == 'signal' }.signal.signalType",
                        contains("HEALTH_BAND_CHANGED", "INACTIVE", "HEALTH_DROPPED"))
                .body("findAll { it.kind == 'message' }.message.template.sort()", contains("check-in", "re-engagement"));
        given().auth().oauth2(TestKeys.OPS).queryParam("from", "2026-12-02T00:00:00Z")
                .queryParam("to", "2026-12-02T12:00:00Z").get("/v1/accounts/{id}/timeline", first.accountId()).then()
                .statusCode(200).body("kind", contains("signal")).body("[0].signal.signalId", equalTo(second.signalId()));
        given().auth().oauth2(TestKeys.OPS).queryParam("from", "2026-12-02T00:00:00Z").queryParam("to", "2026-12-01T00:00:00Z")
                .get("/v1/accounts/{id}/timeline", first.accountId()).then().statusCode(400)
                .body("errors[0].field", equalTo("from"));
    }
}
