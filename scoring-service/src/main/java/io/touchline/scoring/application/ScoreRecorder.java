package io.touchline.scoring.application;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.touchline.messaging.EnvelopeCodec;
import io.touchline.messaging.Topics;
import io.touchline.messaging.contract.HealthScore;
import io.touchline.messaging.contract.HealthSignal;
import io.touchline.messaging.contract.MessageTypes;
import io.touchline.messaging.metrics.PipelineLatency;
import io.touchline.messaging.outbox.Outbox;
import io.touchline.messaging.outbox.OutboxRelay;
import io.touchline.scoring.domain.AccountScorer;
import io.touchline.scoring.domain.Assessment;
import io.touchline.scoring.domain.Explanation;
import io.touchline.scoring.domain.Trigger;
import io.touchline.scoring.domain.model.TenantScorecard;
import io.touchline.scoring.domain.model.TouchTier;
import io.touchline.scoring.domain.signal.FiredSignal;
import io.touchline.scoring.domain.state.AccountState;
import io.touchline.scoring.store.AccountRow;
import io.touchline.scoring.store.AccountStore;
import io.touchline.scoring.store.ChurnHistoryStore;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Scores accounts and records what follows, for every path that scores: usage events, the sweep,
 * backfill, overrides and re-scoring. Scoring updates the row in memory, adds a history point
 * when the score or band moved and queues signals; {@link #write} then stores every row, history
 * point and outgoing message of the transaction in three statements, and {@link #committed}
 * wakes the outbox relay and counts signals.
 * <p>
 * Time alone is scored at the moment it falls due ({@link #catchUp}), not when a sweep or the
 * next event happens to look: the same events then give the same scores, signals and history
 * whether they arrive live or as a backfill, however they are batched (ADR 0025).
 */
// Singleton, not application-scoped: called for every event, and a client proxy costs a lookup per call.
@Singleton
public class ScoreRecorder {

    /** Everything one transaction writes. */
    public static final class Changes {
        final Map<String, AccountRow> rows = new LinkedHashMap<>();
        final List<AccountStore.HistoryPoint> history = new ArrayList<>();
        final List<Outbox.Pending> messages = new ArrayList<>();
        final Map<String, Integer> signals = new LinkedHashMap<>();
        final Map<String, Last> last = new LinkedHashMap<>();
        /** Per tenant: signals raised for moments before this are historical (backfill). */
        final Map<String, Instant> historicalBefore = new HashMap<>();
        /** The historical signals raised, where {@link #actOnOpenEpisodes} may find them. */
        final List<Raised> raised = new ArrayList<>();
        /** Churn features taken at observation moments, to train on. */
        final List<ChurnHistoryStore.Observed> observations = new ArrayList<>();
        /** Outcomes found in the events (a churn, a renewal, a downgrade). */
        final List<ChurnHistoryStore.Outcome> outcomes = new ArrayList<>();
        /** The revision the rows have once written: the transaction's id. */
        long revision;

        /** Signals the tenant's accounts raise for moments before {@code before} are historical. */
        public void historicalBefore(String tenantId, Instant before) {
            historicalBefore.put(tenantId, before);
        }

        /** Records an outcome found while applying events. */
        public void outcome(ChurnHistoryStore.Outcome outcome) {
            outcomes.add(outcome);
        }

        public int accounts() {
            return rows.size();
        }

        /** The rows the transaction wrote. */
        public Collection<AccountRow> rows() {
            return rows.values();
        }

        /** The revision the rows have once the transaction committed. */
        public long revision() {
            return revision;
        }
    }

    /** A historical signal queued at {@code index} of the messages. */
    record Raised(int index, AccountRow row, FiredSignal fired) {
    }

    /** How many due moments one catch-up scores at most; the rest wait for the next look. */
    static final int MAX_CATCH_UP = 1000;

    private final AccountScorer scorer;
    private final AccountStore store;
    private final ChurnHistoryStore churnHistory;
    private final Outbox outbox;
    private final Instance<OutboxRelay> relay;
    private final MeterRegistry registry;
    private final PipelineLatency latency;

    public ScoreRecorder(AccountScorer scorer, AccountStore store, ChurnHistoryStore churnHistory, Outbox outbox,
            Instance<OutboxRelay> relay, MeterRegistry registry, PipelineLatency latency) {
        this.scorer = scorer;
        this.store = store;
        this.churnHistory = churnHistory;
        this.outbox = outbox;
        this.relay = relay;
        this.registry = registry;
        this.latency = latency;
    }

    /**
     * Scores the account as of {@code asOf} and queues the signals that fires.
     *
     * @param at when the trigger happened (the event time, or the sweep's clock)
     */
    public void score(Changes changes, AccountRow row, TenantScorecard card, Instant asOf, Trigger trigger, Instant at) {
        observe(changes, row, card, asOf);
        Assessment a = scorer.assess(card, row.state, row.memory, asOf, trigger, row.overrideScore,
                TouchTier.ofWireName(row.tierPin));
        AccountState s = row.state;
        if (row.band == null || row.score != a.score() || !row.band.equals(a.band().wireName())) {
            changes.history.add(new AccountStore.HistoryPoint(row.accountKey, asOf, a.score(), a.band().wireName(),
                    a.churn().probability(), a.health().partial(), trigger.id()));
        }
        row.score = a.score();
        row.computedScore = a.health().score();
        row.band = a.band().wireName();
        row.partial = a.health().partial();
        row.overridden = a.overridden();
        row.churnProbability = a.churn().probability();
        row.churnLevel = a.churn().level().wireName();
        row.churnModelVersion = a.churn().modelVersion();
        row.scorecardVersion = card.version();
        row.trend7d = a.trend7d();
        row.trend30d = a.trend30d();
        row.tier = a.tier().tier() == null ? null : a.tier().tier().wireName();
        row.stage = a.stage().wireName();
        row.lastActivityAt = s.lastActivity;
        row.nextCheckAt = row.overrideExpiresAt != null && row.overrideExpiresAt.isBefore(a.nextCheck())
                ? row.overrideExpiresAt
                : a.nextCheck();
        changes.rows.put(row.accountKey, row);
        changes.last.put(row.accountKey, new Last(trigger, at));
        if (a.signals().isEmpty()) {
            return;
        }
        // Wrapped, not converted to a tree: it is serialized once, when the outbox encodes the signal.
        JsonNode explanation = JsonNodeFactory.instance
                .pojoNode(Explanation.of(card.version(), a.tier(), a.stage(), a.health(), a.churn(), row.memory));
        Instant historicalBefore = changes.historicalBefore.get(row.tenantId);
        boolean historical = historicalBefore != null && at.isBefore(historicalBefore);
        for (FiredSignal fired : a.signals()) {
            HealthSignal signal = new HealthSignal(fired.id(row.tenantId, row.accountId), fired.type().name(), a.score(),
                    row.band, trigger.userId(), fired.reason(),
                    new HealthSignal.Snapshot(a.health().score(), a.health().partial(), card.version(),
                            a.churn().probability(), row.churnLevel, a.trend7d(), a.trend30d(), a.overridden()),
                    new HealthSignal.AccountInputs(s.name, s.plan, s.mrr, s.currency, s.seats, s.activeUsers(30, asOf),
                            s.contractStart, s.renewalDate, s.csmOwner, row.tier, row.stage, s.primaryContact,
                            a.tier().basis().wireName(),
                            s.recentUsers(30, asOf, HealthSignal.AccountInputs.MAX_ACTIVE_USER_IDS)),
                    explanation, historical);
            if (historical) {
                changes.raised.add(new Raised(changes.messages.size(), row, fired));
            }
            changes.messages.add(new Outbox.Pending(Topics.HEALTH_SIGNALS, new EnvelopeCodec.Typed<>(signal.signalId(),
                    MessageTypes.HEALTH_SIGNAL, row.tenantId, row.accountId, at, Instant.now(), signal),
                    trigger.traceParent()));
            changes.signals.merge(fired.type().name(), 1, Integer::sum);
        }
    }

    /**
     * Scores the account at each moment time alone may change it ({@code next_check_at}), up to
     * and including {@code until}, in order: what a sweep would have seen had it looked at that
     * very moment.
     *
     * @return how many moments it scored
     */
    public int catchUp(Changes changes, AccountRow row, TenantScorecard card, Instant until) {
        int scored = 0;
        while (row.nextCheckAt != null && !row.nextCheckAt.isAfter(until) && scored < MAX_CATCH_UP) {
            Instant due = row.nextCheckAt;
            score(changes, row, card, due, Trigger.sweep(due), due);
            scored++;
        }
        observe(changes, row, card, until);
        return scored;
    }

    /**
     * Keeps the account's churn features at each observation moment passed since the last, up to
     * {@code until}: with the state as it was then, since the callers apply no event after a
     * moment before observing it, and without moving the chain of due moments (docs/scoring-model.md).
     */
    private void observe(Changes changes, AccountRow row, TenantScorecard card, Instant until) {
        Instant moment = scorer.nextObservation(row.memory);
        while (moment != null && !moment.isAfter(until)) {
            Map<String, Double> features = scorer.observe(card, row.state, row.memory, moment,
                    TouchTier.ofWireName(row.tierPin));
            if (features != null) {
                changes.observations.add(new ChurnHistoryStore.Observed(row.tenantId, row.accountId, moment, features));
            }
            moment = scorer.nextObservation(row.memory);
        }
    }

    /**
     * At a backfill's hand-over to the wall clock: the historical signals of the tenant's catch-up
     * whose episode is still open now become live, so the playbooks act on what still holds and
     * on nothing that already ended.
     */
    public void actOnOpenEpisodes(Changes changes, String tenantId) {
        for (Raised raised : changes.raised) {
            AccountRow row = raised.row();
            if (row.tenantId.equals(tenantId)
                    && raised.fired().episode().equals(row.memory.episodes.get(raised.fired().type().name()))) {
                Outbox.Pending pending = changes.messages.get(raised.index());
                EnvelopeCodec.Typed<?> m = pending.message();
                changes.messages.set(raised.index(), new Outbox.Pending(pending.topic(),
                        new EnvelopeCodec.Typed<>(m.id(), m.type(), m.tenantId(), m.accountId(), m.eventTime(),
                                m.publishTime(), ((HealthSignal) m.payload()).withHistorical(false)),
                        pending.traceParent()));
            }
        }
    }

    /**
     * Writes the transaction's changes: every scored row, the history points, a
     * {@code health-scores} message for each account whose score or band changed, the signals,
     * and the churn observations and outcomes.
     */
    public Uni<Void> write(SqlConnection connection, Changes changes) {
        for (Map.Entry<String, Last> entry : changes.last.entrySet()) {
            AccountRow row = changes.rows.get(entry.getKey());
            Last last = entry.getValue();
            if (row.scoreChanged()) {
                changes.messages.add(new Outbox.Pending(Topics.HEALTH_SCORES, new EnvelopeCodec.Typed<>(
                        last.trigger().id() + ":score:" + row.accountKey, MessageTypes.HEALTH_SCORE, row.tenantId,
                        row.accountId, last.at(), Instant.now(),
                        new HealthScore(row.score, row.band, row.partial, row.scorecardVersion)),
                        last.trigger().traceParent()));
            }
        }
        return store.save(connection, changes.rows.values())
                .invoke(revision -> changes.revision = revision)
                .flatMap(x -> store.addHistory(connection, changes.history))
                .flatMap(x -> outbox.addAll(connection, changes.messages))
                .flatMap(x -> churnHistory.addObservations(connection, changes.observations))
                .flatMap(x -> churnHistory.addOutcomes(connection, changes.outcomes));
    }

    /**
     * After commit: the relay publishes what the transaction queued, and signals are counted, with
     * the time from their event to their commit.
     */
    public void committed(Changes changes) {
        if (!changes.messages.isEmpty()) {
            wakeRelay();
        }
        if (!changes.signals.isEmpty()) {
            Instant now = Instant.now();
            for (Outbox.Pending pending : changes.messages) {
                if (pending.topic().equals(Topics.HEALTH_SIGNALS)) {
                    latency.record(PipelineLatency.SIGNAL, pending.message().eventTime(), now);
                }
            }
        }
        changes.signals.forEach((type, count) -> registry.counter("touchline.scoring.signals", "type", type)
                .increment(count));
    }

    /** The outbox relay publishes what committed transactions queued, now. */
    public void wakeRelay() {
        if (relay.isResolvable()) {
            relay.get().wake();
        }
    }

    private record Last(Trigger trigger, Instant at) {
    }
}
