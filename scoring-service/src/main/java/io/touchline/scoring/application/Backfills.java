package io.touchline.scoring.application;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.touchline.messaging.EnvelopeCodec;
import io.touchline.messaging.Topics;
import io.touchline.messaging.contract.ImportProgress;
import io.touchline.messaging.contract.MessageTypes;
import io.touchline.messaging.outbox.Outbox;
import io.touchline.scoring.application.EventApplier.AccountEvent;
import io.touchline.scoring.config.ScoringConfig;
import io.touchline.scoring.domain.model.TenantScorecard;
import io.touchline.scoring.store.AccountRow;
import io.touchline.scoring.store.AccountStore;
import io.touchline.scoring.store.BackfillStore;
import io.touchline.scoring.store.BackfillStore.Backfill;
import io.touchline.scoring.store.BackfillStore.Held;
import io.touchline.scoring.store.ScorecardStore;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Scores an import of history on event time (docs/backfill.md, ADR 0025). The events read are
 * held ({@link BackfillStore}) until the import's watermark passes them, then applied in
 * event-time order per account, each after the moments time alone changed its account; then
 * every account of the tenant is scored at each moment it fell due up to the watermark. Events
 * older than the moment their account was already scored at are late: counted, reported, not
 * applied. Signals are historical, unless the import allows actions from a cut-off.
 * <p>
 * When the import has ended and its last events are applied, the tenant hands over to the wall
 * clock: its accounts are scored up to now, and of the signals that raises only those whose
 * episode is still open now may act. Each step is a transaction of bounded size, under the
 * import's lock; a restart takes up an unfinished hand-over.
 */
@ApplicationScoped
public class Backfills {

    private static final Logger LOG = Logger.getLogger(Backfills.class);
    /** Held events one transaction applies at most. */
    static final int EVENTS_PER_STEP = 2000;

    private final Pool pool;
    private final BackfillStore store;
    private final AccountStore accounts;
    private final ScorecardStore scorecards;
    private final EventApplier applier;
    private final ScoreRecorder recorder;
    private final Outbox outbox;
    private final ScoringConfig config;
    private final WallClock clock;

    public Backfills(Pool pool, BackfillStore store, AccountStore accounts, ScorecardStore scorecards,
            EventApplier applier, ScoreRecorder recorder, Outbox outbox, ScoringConfig config, WallClock clock) {
        this.pool = pool;
        this.store = store;
        this.accounts = accounts;
        this.scorecards = scorecards;
        this.applier = applier;
        this.recorder = recorder;
        this.outbox = outbox;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Applies what the imports' watermarks have passed, and hands over those that ended.
     *
     * @param decode reads a held event's record
     */
    public Uni<Void> advance(Set<String> importIds, Function<byte[], AccountEvent> decode) {
        return Multi.createFrom().iterable(importIds)
                .onItem().transformToUniAndConcatenate(importId -> advance(importId, decode))
                .collect().last().replaceWithVoid();
    }

    private Uni<Void> advance(String importId, Function<byte[], AccountEvent> decode) {
        return pool.withTransaction(connection -> step(connection, importId, decode))
                .invoke(step -> step.committed(recorder))
                .flatMap(step -> step.more() ? advance(importId, decode) : handOver(importId));
    }

    /** What one transaction did, to finish after its commit. */
    private record Step(boolean more, List<ScoreRecorder.Changes> changes) {

        static final Step NONE = new Step(false, List.of());

        void committed(ScoreRecorder recorder) {
            changes.forEach(recorder::committed);
            recorder.wakeRelay();
        }
    }

    private Uni<Step> step(SqlConnection connection, String importId, Function<byte[], AccountEvent> decode) {
        return store.advance(connection, importId, config.backfillLateness()).flatMap(b -> {
            if (b == null || b.handedOverAt() != null || b.watermark() == null) {
                return Uni.createFrom().item(Step.NONE);
            }
            return store.take(connection, importId, b.watermark(), EVENTS_PER_STEP).flatMap(held -> {
                boolean full = held.size() == EVENTS_PER_STEP;
                // A full step stops at its last event's time; the next one goes on from there.
                Instant reached = full ? held.get(held.size() - 1).eventTime() : b.watermark();
                List<String> samples = new ArrayList<>();
                long[] late = new long[1];
                ScoreRecorder.Changes events = changes(b);
                return scorecards.activeOf(Set.of(b.tenantId()))
                        .flatMap(cards -> applier.apply(connection, byAccount(held, decode), cards, events, event -> {
                            late[0]++;
                            if (samples.size() < ImportProgress.MAX_SAMPLES) {
                                samples.add(event.id() + " at " + event.eventTime());
                            }
                        }).flatMap(applied -> sweep(connection, b, reached, cards.get(b.tenantId()), false))
                                .flatMap(swept -> store.count(connection, b, held.size() - late[0], samples, late[0], null)
                                        .call(after -> report(connection, after))
                                        .map(after -> {
                                            List<ScoreRecorder.Changes> all = new ArrayList<>(swept);
                                            all.add(0, events);
                                            return new Step(full, all);
                                        })));
            });
        });
    }

    /**
     * Hands an ended import over to the wall clock, one batch of accounts per transaction, and
     * marks it handed over once none is due before now.
     */
    public Uni<Void> handOver(String importId) {
        Instant now = clock.now();
        return pool.withTransaction(connection -> store.advance(connection, importId, config.backfillLateness())
                .flatMap(b -> {
                    if (b == null || !b.ended() || b.handedOverAt() != null) {
                        return Uni.createFrom().item(Step.NONE);
                    }
                    return store.holdsAny(connection, importId).flatMap(holds -> holds
                            ? Uni.createFrom().item(Step.NONE)
                            : scorecards.activeOf(Set.of(b.tenantId()))
                                    .flatMap(cards -> sweep(connection, b, now, cards.get(b.tenantId()), true))
                                    .flatMap(swept -> store.count(connection, b, 0, List.of(), 0, now)
                                            .call(after -> report(connection, after))
                                            .invoke(after -> LOG.infof("Import %s of %s handed over at %s: %d events "
                                                    + "applied, %d late", importId, b.tenantId(), now, after.applied(),
                                                    after.late()))
                                            .replaceWith(new Step(false, swept))));
                }))
                .invoke(step -> step.committed(recorder))
                .replaceWithVoid();
    }

    /** Takes up hand-overs a restart interrupted. */
    @Scheduled(every = "${touchline.scoring.sweep-every:60s}", delayed = "${touchline.scoring.sweep-every:60s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> resumeHandOvers() {
        return store.endedNotHandedOver()
                .onItem().transformToMulti(ids -> Multi.createFrom().iterable(ids))
                .onItem().transformToUniAndConcatenate(this::handOver)
                .collect().last().replaceWithVoid()
                .onFailure().invoke(failure -> LOG.warnf("Hand-over failed, trying again next time: %s", failure.toString()))
                .onFailure().recoverWithNull();
    }

    /**
     * Scores the tenant's accounts due up to {@code until}, batch by batch, in the caller's
     * transaction; at a hand-over, signals of episodes still open at the end may act.
     */
    private Uni<List<ScoreRecorder.Changes>> sweep(SqlConnection connection, Backfill b, Instant until,
            TenantScorecard card, boolean handOver) {
        return accounts.lockDueOf(connection, b.tenantId(), until, config.sweepBatch()).flatMap(rows -> {
            if (rows.isEmpty()) {
                return Uni.createFrom().item(new ArrayList<>());
            }
            ScoreRecorder.Changes changes = changes(b);
            for (AccountRow row : rows) {
                recorder.catchUp(changes, row, card, until);
            }
            if (handOver) {
                recorder.actOnOpenEpisodes(changes, b.tenantId());
            }
            return recorder.write(connection, changes)
                    .flatMap(x -> sweep(connection, b, until, card, handOver))
                    .map(rest -> {
                        rest.add(0, changes);
                        return rest;
                    });
        });
    }

    /**
     * Signals for moments before the import began are history, or before its {@code actionsFrom}
     * when that is earlier; those after it are what the tenant's accounts would have raised live
     * meanwhile, had the import not paused the wall-clock sweep for them.
     */
    private static ScoreRecorder.Changes changes(Backfill b) {
        ScoreRecorder.Changes changes = new ScoreRecorder.Changes();
        Instant before = b.actionsFrom() != null && b.actionsFrom().isBefore(b.startedAt()) ? b.actionsFrom()
                : b.startedAt();
        changes.historicalBefore(b.tenantId(), before);
        return changes;
    }

    /** Held events by account, each account's in event-time order (then in the order read). */
    private static Map<String, List<AccountEvent>> byAccount(List<Held> held, Function<byte[], AccountEvent> decode) {
        List<Held> sorted = new ArrayList<>(held);
        sorted.sort(Comparator.comparing(Held::accountKey).thenComparing(Held::eventTime).thenComparingLong(Held::seq));
        Map<String, List<AccountEvent>> byAccount = new LinkedHashMap<>();
        for (Held h : sorted) {
            byAccount.computeIfAbsent(h.accountKey(), key -> new ArrayList<>()).add(decode.apply(h.record()));
        }
        return byAccount;
    }

    /** Queues the import's progress for ingest, which shows it at {@code GET /v1/imports/{id}}. */
    private Uni<Void> report(SqlConnection connection, Backfill b) {
        Instant now = Instant.now();
        String id = b.importId() + ":" + b.applied() + ":" + b.late() + ":" + b.watermark() + ":"
                + (b.handedOverAt() != null);
        return outbox.addAll(connection, List.of(new Outbox.Pending(Topics.IMPORT_PROGRESS, new EnvelopeCodec.Typed<>(
                id, MessageTypes.IMPORT_PROGRESS, b.tenantId(), b.importId(), b.watermark() == null ? now : b.watermark(),
                now, b.progress()))));
    }
}
