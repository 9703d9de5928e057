package io.touchline.scoring.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.touchline.messaging.Envelope;
import io.touchline.messaging.Topics;
import io.touchline.testing.ManagementUrls;
import io.touchline.testing.RestartableDatabase;
import io.touchline.testing.RestartableDatabaseTestResource;
import io.touchline.testing.TestKafka;
import io.touchline.testing.TestKeys;

/** The database stopped mid-stream and started again: nothing lost, nothing doubled, nothing dead-lettered. */
@QuarkusTest
@WithTestResource(RestartableDatabaseTestResource.class)
class DatabaseOutageTest {

    URL ready = ManagementUrls.of("/q/health/ready");

    @Inject
    ObjectMapper mapper;

    @Test
    void eventsDuringAnOutageAreAppliedOnceAfterItAndReadinessIsDownMeanwhile() {
        String account = "outage-" + UUID.randomUUID();
        String key = TestKeys.TENANT + ":" + account;
        for (int i = 0; i < 50; i++) {
            TestKafka.produce(Topics.USAGE_EVENTS, event(account, "u" + i));
        }
        awaitApplied(account, 50);

        RestartableDatabase.get().stop();
        try {
            for (int i = 50; i < 150; i++) {
                TestKafka.produce(Topics.USAGE_EVENTS, event(account, "u" + i));
            }
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get(ready)
                    .then().statusCode(503));
        } finally {
            RestartableDatabase.get().restart();
        }

        awaitApplied(account, 150);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get(ready).then().statusCode(200));
        assertThat(TestKafka.awaitExactly(Topics.HEALTH_SIGNALS, key, 1)).hasSize(1);
        assertThat(TestKafka.awaitExactly(Topics.dlq(Topics.USAGE_EVENTS), key, 0)).isEmpty();
        given().auth().oauth2(TestKeys.OPS).get("/v1/accounts/{id}/health", account)
                .then().body("eventsApplied", equalTo(150));
    }

    private void awaitApplied(String account, int events) {
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> given().auth().oauth2(TestKeys.OPS)
                .get("/v1/accounts/{id}/health", account)
                .then().statusCode(200).body("eventsApplied", equalTo(events)));
    }

    private Envelope event(String account, String userId) {
        ObjectNode payload = mapper.createObjectNode().put("type", "track").put("event", "Report Viewed")
                .put("userId", userId).put("groupId", account);
        Instant now = Instant.now();
        return new Envelope(TestKeys.TENANT + ":" + UUID.randomUUID(), "usage.track", TestKeys.TENANT, account, now,
                now, payload);
    }
}
