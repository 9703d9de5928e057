package io.touchline.scoring.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.touchline.messaging.Envelope;
import io.touchline.messaging.EnvelopeCodec;
import io.touchline.messaging.Topics;
import io.touchline.scoring.application.SetClock;
import io.touchline.scoring.application.TimeSweep;
import io.touchline.scoring.application.WallClock;
import io.touchline.testing.TestKafka;
import io.touchline.testing.TestKeys;
import io.touchline.testing.TouchlineTestResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Four months of three accounts' history, sent once live (in time order, the sweep on a clock the
 * test sets) and once as an import (pairs of events swapped within the allowed lateness, one event
 * far too late): both give the same signals at the same event times, the same history and the
 * same final scores; the import's signals are historical but for the episodes the hand-over
 * opened that are still open at its end, and the late event is reported, not applied.
 */
@QuarkusTest
@WithTestResource(TouchlineTestResource.class)
class BackfillReplayTest {

    static final Instant START = Instant.parse("2026-01-05T09:00:00Z");
    static final Instant END = Instant.parse("2026-05-01T00:00:00Z");

    @Inject
    ObjectMapper mapper;

    @Inject
    EnvelopeCodec codec;

    @Inject
    TimeSweep sweep;

    @Inject
    Pool pool;

    final SetClock clock = new SetClock(START);
    final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void setClock() {
        QuarkusMock.installMockForType(clock, WallClock.class);
    }

    @Test
    void anImportGivesWhatTheSameEventsGaveLive() {
        List<Envelope> liveEvents = history(TestKeys.TENANT, null);
        String importId = "import-" + run;
        List<Envelope> imported = swappedPairs(history(TestKeys.OTHER_TENANT, importId));
        Envelope late = event(TestKeys.OTHER_TENANT, importId, "steady-" + run, "late-" + run, "track", "u9",
                "Report Viewed", null, START.plus(Duration.ofDays(10)));
        String[] accounts = { "steady-" + run, "fading-" + run, "stalled-" + run };

        // Live: in event-time order; then the sweep at the end of the history.
        TestKafka.produceAll(Topics.USAGE_EVENTS, liveEvents);
        await().atMost(Duration.ofSeconds(60)).until(() -> applied(TestKeys.TENANT, accounts) == liveEvents.size());
        clock.now = END;
        sweep.sweep(END).await().atMost(Duration.ofSeconds(60));

        // Import: out of order within the lateness, a late event, then the end markers.
        TestKafka.produceAll(Topics.USAGE_IMPORTS, imported);
        TestKafka.produce(Topics.USAGE_IMPORTS, late);
        List<Envelope> markers = new ArrayList<>();
        for (int p = 0; p < Topics.PARTITIONS; p++) {
            ObjectNode payload = mapper.createObjectNode().put("importId", importId).put("partitions", Topics.PARTITIONS);
            markers.add(new Envelope(importId + ":end:" + p, "import.completed", TestKeys.OTHER_TENANT, "_import", END,
                    END, payload));
        }
        for (int p = 0; p < Topics.PARTITIONS; p++) {
            TestKafka.produce(new org.apache.kafka.clients.producer.ProducerRecord<>(Topics.USAGE_IMPORTS, p,
                    markers.get(p).key(), codec.encode(markers.get(p))));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> handedOver(importId));

        Row backfill = one("select applied, late, late_samples, watermark from backfill where import_id = $1", importId);
        assertThat(backfill.getLong("applied")).as(backfill.toJson().encode()).isEqualTo(imported.size());
        assertThat(backfill.getLong("late")).isEqualTo(1);
        assertThat(backfill.getArrayOfStrings("late_samples")).containsExactly("late-" + run + " at " + late.eventTime());

        for (String account : accounts) {
            assertThat(state(TestKeys.OTHER_TENANT, account)).as(account).isEqualTo(state(TestKeys.TENANT, account));
            assertThat(historyPoints(TestKeys.OTHER_TENANT, account)).as(account)
                    .isEqualTo(historyPoints(TestKeys.TENANT, account))
                    .hasSizeGreaterThan(10);
        }

        ConsumerTask<String, String> signals = TestKafka.consume(Topics.HEALTH_SIGNALS);
        try {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                for (String account : accounts) {
                    List<String> live = signals(signals, TestKeys.TENANT, account);
                    assertThat(live).as(account).isNotEmpty().allMatch(s -> s.endsWith("live"));
                    assertThat(withoutFlag(signals(signals, TestKeys.OTHER_TENANT, account))).as(account)
                            .isEqualTo(withoutFlag(live));
                }
            });
            // Signals raised while the import ran are history, even an episode still open (the
            // fading account's second inactivity); of those the hand-over's catch-up to the wall
            // clock raised, the episodes still open then act: the steady account's churn risk and
            // its inactivity 14 days after its last use. Its band changes in that span are history.
            List<String> liveImported = new ArrayList<>();
            for (String account : accounts) {
                signals(signals, TestKeys.OTHER_TENANT, account).stream().filter(s -> s.endsWith("live"))
                        .forEach(liveImported::add);
            }
            assertThat(liveImported).containsExactly(
                    "2026-04-23T00:00:00Z CHURN_RISK_HIGH 56.6 yellow Churn risk is 0.52 (high from 0.5, built-in priors) live",
                    "2026-04-28T09:15:00Z INACTIVE 45.5 red No activity for 14 days live");
            List<String> inactive = signals(signals, TestKeys.OTHER_TENANT, "fading-" + run).stream()
                    .filter(s -> s.contains(" INACTIVE ")).toList();
            assertThat(inactive).hasSize(2).allMatch(s -> s.endsWith("historical"));
        } finally {
            signals.stop();
        }
    }

    /**
     * Three accounts from {@link #START}: one used every day until its renewal; one used for 30
     * days, silent for 25 (inactive at day 14), used for 10 more, then silent to the end; one that
     * completes two of five setup steps and then only views dashboards (stalled). Each day of use
     * has two events ten minutes apart.
     */
    private List<Envelope> history(String tenant, String importId) {
        TreeMap<Instant, List<Envelope>> byTime = new TreeMap<>();
        String steady = "steady-" + run;
        String fading = "fading-" + run;
        String stalled = "stalled-" + run;
        add(byTime, event(tenant, importId, steady, steady + "-g", "group", "admin", null,
                "{\"seats\":4,\"mrr\":900,\"renewalDate\":\"2026-04-20\"}", START));
        add(byTime, event(tenant, importId, fading, fading + "-g", "group", "admin", null, "{\"seats\":3}", START));
        add(byTime, event(tenant, importId, stalled, stalled + "-g", "group", "admin", null, "{\"seats\":2}", START));
        for (int day = 0; day < 100; day++) {
            Instant at = START.plus(Duration.ofDays(day)).plus(Duration.ofMinutes(5));
            pair(byTime, tenant, importId, steady, day, at, "Report Viewed");
            if (day < 30 || (day >= 55 && day < 65)) {
                pair(byTime, tenant, importId, fading, day, at.plus(Duration.ofMinutes(1)), "Dashboard Viewed");
            }
            if (day < 2) {
                add(byTime, withStep(event(tenant, importId, stalled, stalled + "-s" + day, "track", "u1",
                        "Setup Step Completed", null, at.plus(Duration.ofMinutes(2))), "step-" + day));
            } else if (day < 40) {
                pair(byTime, tenant, importId, stalled, day, at.plus(Duration.ofMinutes(2)), "Dashboard Viewed");
            }
        }
        List<Envelope> all = new ArrayList<>();
        byTime.values().forEach(all::addAll);
        return all;
    }

    private void pair(Map<Instant, List<Envelope>> byTime, String tenant, String importId, String account, int day,
            Instant at, String name) {
        add(byTime, event(tenant, importId, account, account + "-" + day + "a", "track", "u1", name, null, at));
        add(byTime, event(tenant, importId, account, account + "-" + day + "b", "track", "u" + (2 + day % 2), name, null,
                at.plus(Duration.ofMinutes(10))));
    }

    private static void add(Map<Instant, List<Envelope>> byTime, Envelope event) {
        byTime.computeIfAbsent(event.eventTime(), t -> new ArrayList<>()).add(event);
    }

    /**
     * The events with each account's two of a day swapped: ten minutes out of order, within the
     * hour allowed. An event without a partner goes out once the stream is 30 minutes past it.
     */
    private static List<Envelope> swappedPairs(List<Envelope> events) {
        Duration pairing = Duration.ofMinutes(30);
        Map<String, Envelope> waiting = new java.util.LinkedHashMap<>();
        List<Envelope> out = new ArrayList<>();
        for (Envelope e : events) {
            waiting.values().removeIf(w -> {
                boolean due = !w.accountId().equals(e.accountId()) && w.eventTime().plus(pairing).isBefore(e.eventTime());
                if (due) {
                    out.add(w);
                }
                return due;
            });
            Envelope first = waiting.remove(e.accountId());
            if (first != null && !first.eventTime().plus(pairing).isBefore(e.eventTime())) {
                out.add(e);
                out.add(first);
            } else {
                if (first != null) {
                    out.add(first);
                }
                waiting.put(e.accountId(), e);
            }
        }
        out.addAll(waiting.values());
        return out;
    }

    private Envelope event(String tenant, String importId, String account, String id, String call, String userId,
            String name, String traits, Instant at) {
        ObjectNode payload = mapper.createObjectNode().put("type", call).put("userId", userId).put("groupId", account)
                .put("historical", true);
        if (name != null) {
            payload.put("event", name);
        }
        if (importId != null) {
            payload.put("importId", importId);
        }
        if (traits != null) {
            try {
                payload.set("accountTraits", mapper.readTree(traits));
            } catch (Exception e) {
                throw new IllegalArgumentException(e);
            }
        }
        return new Envelope(id, "usage." + call, tenant, account, at, at, payload);
    }

    private static Envelope withStep(Envelope e, String step) {
        ((ObjectNode) e.payload()).putObject("properties").put("step", step);
        return e;
    }

    private long applied(String tenant, String[] accounts) {
        long sum = 0;
        for (String account : accounts) {
            Row row = oneOrNull("select events_applied from account_health where account_key = $1", tenant + ":" + account);
            sum += row == null ? 0 : row.getLong(0);
        }
        return sum;
    }

    private boolean handedOver(String importId) {
        Row row = oneOrNull("select handed_over_at from backfill where import_id = $1", importId);
        return row != null && row.getOffsetDateTime(0) != null;
    }

    private String state(String tenant, String account) {
        Row r = one("""
                select score, band, churn_probability, computed_score, stage, events_applied, first_seen_at, last_event_at,
                    last_activity_at, next_check_at, trend_7d, trend_30d from account_health where account_key = $1""",
                tenant + ":" + account);
        return r.toJson().encode();
    }

    private List<String> historyPoints(String tenant, String account) {
        List<String> points = new ArrayList<>();
        for (Row r : pool.preparedQuery("""
                select scored_at, score, band, churn, partial, caused_by from health_history
                where account_key = $1 order by id""").execute(Tuple.of(tenant + ":" + account)).await().indefinitely()) {
            points.add(r.toJson().encode());
        }
        return points;
    }

    /** The account's signals as "time TYPE score band reason live|historical", in the order published. */
    private List<String> signals(ConsumerTask<String, String> task, String tenant, String account) {
        List<String> found = new ArrayList<>();
        for (ConsumerRecord<String, String> r : TestKafka.withKey(task, tenant + ":" + account)) {
            Envelope e = codec.decode(r.value());
            JsonNode p = e.payload();
            found.add(e.eventTime() + " " + p.get("signalType").asText() + " " + p.get("score").asDouble() + " "
                    + p.get("band").asText() + " " + p.get("reason").asText() + " "
                    + (p.path("historical").asBoolean() ? "historical" : "live"));
        }
        found.sort(null);
        return found;
    }

    private static List<String> withoutFlag(List<String> signals) {
        return signals.stream().map(s -> s.substring(0, s.lastIndexOf(' '))).toList();
    }

    private Row one(String sql, String param) {
        Row row = oneOrNull(sql, param);
        assertThat(row).as(sql).isNotNull();
        return row;
    }

    private Row oneOrNull(String sql, String param) {
        var rows = pool.preparedQuery(sql).execute(Tuple.of(param)).await().indefinitely();
        return rows.size() == 0 ? null : rows.iterator().next();
    }
}
