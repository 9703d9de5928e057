package io.touchline.scoring.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.touchline.messaging.DeterministicIds;
import io.touchline.messaging.Envelope;
import io.touchline.messaging.EnvelopeCodec;
import io.touchline.messaging.Topics;
import io.touchline.scoring.application.SetClock;
import io.touchline.scoring.application.TimeSweep;
import io.touchline.scoring.application.WallClock;
import io.touchline.testing.TestKafka;
import io.touchline.testing.TestKeys;
import io.touchline.testing.TouchlineTestResource;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Redelivery, replay, duplicate message ids and the time sweep, on the real broker and database. */
@QuarkusTest
@WithTestResource(TouchlineTestResource.class)
class ScoringReliabilityTest {

    @Inject
    ObjectMapper mapper;

    @Inject
    EnvelopeCodec codec;

    @Inject
    Pool pool;

    @Inject
    TimeSweep sweep;

    @Inject
    SeenIds seen;

    @Test
    void replayingAnAccountsEventsFromScratchRebuildsTheSameStateAndRedeliveryChangesNothing() {
        String account = "replay-" + UUID.randomUUID();
        Instant start = Instant.now().minus(Duration.ofDays(20)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        // The scheduled sweep must not catch the account up to now halfway through a replay: it
        // would score days of silence between two replayed events.
        QuarkusMock.installMockForType(new SetClock(start), WallClock.class);
        List<Envelope> events = new ArrayList<>();
        events.add(event(account, "group", "admin", null, "{\"seats\":5,\"mrr\":80000,\"primaryContact\":\"ann\"}",
                start));
        for (int day = 0; day < 20; day++) {
            Instant at = start.plus(Duration.ofDays(day)).plusSeconds(60);
            events.add(event(account, "track", "u" + (day % 4), "Feature Used", null, at));
            if (day % 5 == 0) {
                events.add(event(account, "track", "u1", "Setup Step Completed", null, at.plusSeconds(5)));
            }
        }
        events.add(event(account, "group", "admin", null, "{\"primaryContact\":\"bob\"}", start.plus(Duration.ofDays(19))));
        events.forEach(e -> TestKafka.produce(Topics.USAGE_EVENTS, e));
        awaitApplied(account, events.size());
        String before = snapshot(account);
        List<Envelope> signals = settledSignals(TestKeys.TENANT + ":" + account);
        assertThat(signals).extracting(e -> e.payload().get("signalType").asText())
                .contains("ACCOUNT_FIRST_SEEN", "CONTACT_CHANGED");
        assertThat(signals).extracting(Envelope::id).doesNotHaveDuplicates();

        // Redelivery of every record: all duplicates, nothing changes.
        events.forEach(e -> TestKafka.produce(Topics.USAGE_EVENTS, e));
        Envelope marker = event(account, "identify", "u1", null, null, start.plus(Duration.ofDays(19)));
        TestKafka.produce(Topics.USAGE_EVENTS, marker);
        awaitApplied(account, events.size() + 1);

        // A replay from scratch: state and seen ids gone (operations.md), the same records again,
        // in order. The consumer finds its partitions' generations gone and reloads its windows.
        execute("delete from account_health where account_key = $1", TestKeys.TENANT + ":" + account);
        forgetSeenIds();
        events.forEach(e -> TestKafka.produce(Topics.USAGE_EVENTS, e));
        awaitApplied(account, events.size());
        assertThat(snapshot(account)).isEqualTo(before);

        // The replay sent its signals again, under the very same ids: consumers drop them.
        List<Envelope> after = settledSignals(TestKeys.TENANT + ":" + account);
        assertThat(after).hasSize(2 * signals.size());
        assertThat(after.stream().map(Envelope::id).distinct().toList())
                .containsExactlyElementsOf(signals.stream().map(Envelope::id).toList());
    }

    /** The account's signals once no more arrive for two seconds. */
    private List<Envelope> settledSignals(String key) {
        var task = TestKafka.consume(Topics.HEALTH_SIGNALS);
        try {
            int[] last = { -1 };
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                int now = TestKafka.withKey(task, key).size();
                boolean settled = now > 0 && now == last[0];
                last[0] = now;
                return settled;
            });
            return TestKafka.withKey(task, key).stream().map(r -> codec.decode(r.value())).toList();
        } finally {
            task.stop();
        }
    }

    @Test
    void aMessageIdSeenAgainIsCountedOnce() {
        String account = "dup-" + UUID.randomUUID();
        Envelope event = reportViewed(account, "u1");
        TestKafka.produce(Topics.USAGE_EVENTS, event);
        TestKafka.produce(Topics.USAGE_EVENTS, event);
        awaitApplied(account, 1);
        // A client retry later, in another poll.
        TestKafka.produce(Topics.USAGE_EVENTS, event);
        TestKafka.produce(Topics.USAGE_EVENTS, reportViewed(account, "u2"));
        awaitApplied(account, 2);
        given().auth().oauth2(TestKeys.OPS).get("/v1/accounts/{id}/health", account)
                .then().body("eventsApplied", equalTo(2));
    }

    @Test
    void aConsumerWhoseWindowMissedAnotherConsumersPollsReloadsItBeforeDeciding() {
        String account = "moved-" + UUID.randomUUID();
        Envelope appliedElsewhere = reportViewed(account, "u1");
        // Another consumer applied this id on every partition and moved each partition's
        // generation on, as if the partitions had been away from this instance meanwhile.
        byte[] hash = ByteBuffer.allocate(Long.BYTES).putLong(SeenIds.hash(appliedElsewhere.id())).array();
        int moved = pool.withTransaction(connection -> connection.preparedQuery("""
                with moved as (
                    insert into seen_partition (topic, partition, previous, generation, applied_before, next_offset)
                    select $1, p, 0, nextval('seen_generation'), 0, 0 from generate_series(0, $2 - 1) as p
                    on conflict (topic, partition) do update
                        set previous = seen_partition.generation, generation = excluded.generation
                    returning partition, generation)
                insert into seen_ids (topic, partition, generation, seen_at, ids)
                select $1, partition, generation, now(), $3 from moved""")
                .execute(Tuple.of(Topics.USAGE_EVENTS, Topics.PARTITIONS, Buffer.buffer(hash)))
                .map(rows -> rows.rowCount()))
                .await().atMost(Duration.ofSeconds(10));
        assertThat(moved).isEqualTo(Topics.PARTITIONS);

        TestKafka.produce(Topics.USAGE_EVENTS, appliedElsewhere);
        Envelope fresh = reportViewed(account, "u2");
        TestKafka.produce(Topics.USAGE_EVENTS, fresh);
        awaitApplied(account, 1);
        // The one event applied is the fresh one.
        given().auth().oauth2(TestKeys.OPS).get("/v1/accounts/{id}/history", account)
                .then().body("causedBy", equalTo(List.of(fresh.id())));
    }

    @Test
    void aWindowReloadedFromWhatThePollsStoredStillKnowsTheirIds() {
        String account = "reload-" + UUID.randomUUID();
        Envelope event = reportViewed(account, "u1");
        TestKafka.produce(Topics.USAGE_EVENTS, event);
        awaitApplied(account, 1);
        // Every partition moves on without new ids: the windows must come back from seen_ids.
        pool.query("update seen_partition set previous = generation, generation = nextval('seen_generation')")
                .execute().await().atMost(Duration.ofSeconds(10));

        TestKafka.produce(Topics.USAGE_EVENTS, event);
        // Had the retry counted, the second event would have made three.
        awaitAppliedThrough(account, produceLast(account), 2);
    }

    @Test
    void aRecordBelowTheOffsetACommittedPollReachedIsSkippedHoweverLongAgo() {
        String account = "redelivered-" + UUID.randomUUID();
        // As after a crash between the commit and the offset commit: the database says the
        // account's partition's next record was applied already, a day and more ago, so no
        // window of ids can help.
        TopicPartition partition = new TopicPartition(Topics.USAGE_EVENTS,
                Utils.toPositive(Utils.murmur2((TestKeys.TENANT + ":" + account).getBytes(StandardCharsets.UTF_8)))
                        % Topics.PARTITIONS);
        long end = TestKafka.endOffsets(Topics.USAGE_EVENTS, Topics.PARTITIONS).get(partition);
        pool.preparedQuery("""
                insert into seen_partition (topic, partition, previous, generation, applied_before, next_offset)
                values ($1, $2, 0, nextval('seen_generation'), 0, $3)
                on conflict (topic, partition) do update set next_offset = greatest(seen_partition.next_offset, $3)""")
                .execute(Tuple.of(partition.topic(), partition.partition(), end + 1))
                .await().atMost(Duration.ofSeconds(10));
        assertThat(seen.purge(Duration.ofHours(24).plusSeconds(1)).await().atMost(Duration.ofSeconds(10)))
                .isNotNegative();

        TestKafka.produce(Topics.USAGE_EVENTS, reportViewed(account, "u1"));
        awaitAppliedThrough(account, produceLast(account), 1);
    }

    @Test
    void aMessageIdSeenAgainAfterTheWindowCountsAgain() {
        String account = "late-" + UUID.randomUUID();
        Envelope event = reportViewed(account, "u1");
        TestKafka.produce(Topics.USAGE_EVENTS, event);
        awaitApplied(account, 1);
        // A day and a second later the window holds it no more, in memory or stored.
        assertThat(seen.purge(Duration.ofHours(24).plusSeconds(1)).await().atMost(Duration.ofSeconds(10)))
                .isPositive();
        TestKafka.produce(Topics.USAGE_EVENTS, event);
        awaitApplied(account, 2);
    }

    @Test
    void theSweepFiresInactiveExactlyOnceHoweverManySweepsRun() {
        String account = "idle-" + UUID.randomUUID();
        String key = TestKeys.TENANT + ":" + account;
        Instant lastUse = Instant.now().minus(Duration.ofDays(20)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        TestKafka.produce(Topics.USAGE_EVENTS, event(account, "track", "u1", "Report Viewed", null, lastUse));
        awaitApplied(account, 1);
        // Scored on the event's own clock, the account was active just then: no INACTIVE yet.
        assertThat(signalTypes(key, 1)).containsExactly("ACCOUNT_FIRST_SEEN");

        Instant now = Instant.now();
        Uni.join().all(sweep.sweep(now), sweep.sweep(now), sweep.sweep(now.plusSeconds(1))).andFailFast()
                .await().atMost(Duration.ofSeconds(30));
        sweep.sweep(Instant.now()).await().atMost(Duration.ofSeconds(30));

        // Each signal at the moment time alone made it true, however late the sweeps came.
        List<String> signals = TestKafka.awaitExactly(Topics.HEALTH_SIGNALS, key, 4).stream()
                .map(r -> codec.decode(r.value()))
                .map(e -> Duration.between(lastUse, e.eventTime()).toDays() + "d " + e.payload().get("signalType").asText())
                .toList();
        assertThat(signals).containsExactly("0d ACCOUNT_FIRST_SEEN", "4d HEALTH_DROPPED", "7d HEALTH_BAND_CHANGED",
                "14d INACTIVE");
        Envelope inactive = TestKafka.awaitExactly(Topics.HEALTH_SIGNALS, key, 4).stream()
                .map(r -> codec.decode(r.value())).filter(e -> e.payload().get("signalType").asText().equals("INACTIVE"))
                .findFirst().orElseThrow();
        assertThat(inactive.id()).isEqualTo(DeterministicIds.of(TestKeys.TENANT, account, "INACTIVE", lastUse.toString()));
        assertThat(inactive.payload().get("reason").asText()).isEqualTo("No activity for 14 days");
        assertThat(inactive.payload().at("/snapshot/scorecardVersion").asInt()).isEqualTo(1);
        // 20 days idle: recency 18.75 (30 at 14 days, 0 at 30) and, now that the one day of use
        // lies in the previous 28 days, a usage trend of 0: (20 * 18.75 + 15 * 0) / 35 = 10.7.
        given().auth().oauth2(TestKeys.OPS).get("/v1/accounts/{id}/health", account)
                .then().body("score", equalTo(10.7f)).body("band", equalTo("red"))
                // Scored day by day as each fell due, the largest move of the last week is a day's decay.
                .body("explanation.movers.cause", org.hamcrest.Matchers.everyItem(equalTo("time passed")))
                .body("explanation.movers[0].from", equalTo(23.7f));
    }

    @Test
    void anAccountAnotherTransactionWroteIsReadAgainWhileAWriteThatKeepsTheRevisionIsNotSeen() {
        String account = appliedOnce("cached-");
        String key = TestKeys.TENANT + ":" + account;

        // Any writer of the row moves its revision on, as AccountStore.save does: the consumer's
        // copy is stale and the row is read again.
        execute("update account_health set events_applied = 100, revision = pg_current_xact_id()::text::bigint"
                + " where account_key = $1", key);
        TestKafka.produce(Topics.USAGE_EVENTS, reportViewed(account, "u1"));
        awaitApplied(account, 101);

        // A write that leaves the revision as it was goes unseen: the copy in memory is used.
        execute("update account_health set events_applied = 500 where account_key = $1", key);
        TestKafka.produce(Topics.USAGE_EVENTS, reportViewed(account, "u1"));
        awaitApplied(account, 102);
    }

    @Test
    void aPollWhoseTransactionFailsLeavesNoChangedCopyBehindAndItsEventsCountOnce() {
        String account = appliedOnce("failing-");
        String key = TestKeys.TENANT + ":" + account;
        // The database refuses the account's fourth event, so a poll holding it fails after its
        // events were applied to the account in memory, and goes again one event at a time.
        pool.query("""
                create function refuse_fourth() returns trigger language plpgsql as $$
                begin raise exception 'refused by the test'; end $$;
                create trigger refuse_fourth before update on account_health for each row
                    when (new.account_key = '%s' and new.events_applied >= 4) execute function refuse_fourth()"""
                .formatted(key)).execute().await().atMost(Duration.ofSeconds(10));
        try {
            TestKafka.produce(Topics.USAGE_EVENTS, reportViewed(account, "u1"));
            TestKafka.produce(Topics.USAGE_EVENTS, reportViewed(account, "u2"));
            TestKafka.produce(Topics.USAGE_EVENTS, reportViewed(account, "u3"));

            // One at a time, the two good events apply once each and the fourth is dead-lettered.
            var dead = TestKafka.awaitDeadLetter(Topics.USAGE_EVENTS, key);
            assertThat(TestKafka.header(dead, "dead-letter-reason")).contains("refused by the test");
            awaitApplied(account, 3);
        } finally {
            pool.query("drop trigger refuse_fourth on account_health; drop function refuse_fourth()").execute()
                    .await().atMost(Duration.ofSeconds(10));
        }
        TestKafka.produce(Topics.USAGE_EVENTS, reportViewed(account, "u1"));
        awaitApplied(account, 4);
    }

    private List<String> signalTypes(String key, int expected) {
        return TestKafka.awaitExactly(Topics.HEALTH_SIGNALS, key, expected).stream()
                .map(r -> codec.decode(r.value()).payload().get("signalType").asText()).toList();
    }

    /** A new account with one event applied. */
    private String appliedOnce(String prefix) {
        String account = prefix + UUID.randomUUID();
        TestKafka.produce(Topics.USAGE_EVENTS, reportViewed(account, "u1"));
        awaitApplied(account, 1);
        return account;
    }

    private Envelope reportViewed(String account, String userId) {
        return event(account, "track", userId, "Report Viewed", null, Instant.now());
    }

    private void awaitApplied(String account, int events) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(TestKeys.OPS)
                .get("/v1/accounts/{id}/health", account)
                .then().statusCode(200).body("eventsApplied", equalTo(events)));
    }

    /** Produces an event after the test's others, whose time marks when they were all applied. */
    private Envelope produceLast(String account) {
        Envelope last = event(account, "track", "u2", "Report Viewed", null,
                Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        TestKafka.produce(Topics.USAGE_EVENTS, last);
        return last;
    }

    /** Waits until the account's newest event is {@code last} and exactly {@code events} were applied. */
    private void awaitAppliedThrough(String account, Envelope last, int events) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(TestKeys.OPS)
                .get("/v1/accounts/{id}/health", account)
                .then().statusCode(200).body("lastEventAt", equalTo(last.eventTime().toString()))
                .body("eventsApplied", equalTo(events)));
    }

    private String snapshot(String account) {
        Row row = pool.preparedQuery("""
                select state, memory, score, computed_score, band, churn_probability, trend_7d, trend_30d,
                       next_check_at, events_applied
                from account_health where account_key = $1""")
                .execute(Tuple.of(TestKeys.TENANT + ":" + account)).await().atMost(Duration.ofSeconds(10))
                .iterator().next();
        String explanation = given().auth().oauth2(TestKeys.OPS).get("/v1/accounts/{id}/health", account)
                .then().statusCode(200).extract().jsonPath().getMap("explanation").toString();
        return row.toJson().encode() + explanation;
    }

    private void forgetSeenIds() {
        pool.query("truncate seen_ids, seen_partition").execute().await().atMost(Duration.ofSeconds(10));
    }

    private void execute(String sql, Object parameter) {
        pool.preparedQuery(sql).execute(Tuple.of(parameter)).await().atMost(Duration.ofSeconds(10));
    }

    private Envelope event(String account, String call, String userId, String name, String traits, Instant at) {
        ObjectNode payload = mapper.createObjectNode().put("type", call).put("userId", userId).put("groupId", account);
        if (name != null) {
            payload.put("event", name);
            ObjectNode properties = payload.putObject("properties");
            properties.put("feature", "reports").put("step", "step-" + at.getEpochSecond() % 7);
        }
        if (traits != null) {
            try {
                payload.set("accountTraits", mapper.readTree(traits));
            } catch (Exception e) {
                throw new IllegalArgumentException(e);
            }
        }
        payload.put("historical", at.isBefore(Instant.now().minus(Duration.ofDays(1))));
        return new Envelope(TestKeys.TENANT + ":" + UUID.randomUUID(), "usage." + call, TestKeys.TENANT, account, at,
                Instant.now(), payload);
    }
}
