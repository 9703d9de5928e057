package io.touchline.scoring.application;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.touchline.scoring.config.ScoringConfig;
import io.touchline.scoring.store.AccountRow;
import io.touchline.scoring.store.AccountStore;
import io.touchline.scoring.store.ScorecardStore;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Scores accounts whose time has come without an event: inactivity sends no events, yet it
 * lowers recency, opens INACTIVE and stalls, and a renewal window opens by the calendar. Each
 * account says when to look again ({@code next_check_at}), and is scored as of that moment, as
 * often as it fell due, however late the sweep comes ({@link ScoreRecorder#catchUp}). Tenants
 * that backfill are left to their import's watermark ({@link Backfills}). The sweep takes due accounts in
 * batches with {@code for update skip locked}, so several instances share the work and never
 * score one account twice at once, and the episode kept in the account's memory stops a second
 * signal even when two sweeps see the same moment.
 */
@ApplicationScoped
public class TimeSweep {

    private static final Logger LOG = Logger.getLogger(TimeSweep.class);

    private final Pool pool;
    private final AccountStore accounts;
    private final ScorecardStore scorecards;
    private final ScoreRecorder recorder;
    private final ScoringConfig config;
    private final WallClock clock;

    public TimeSweep(Pool pool, AccountStore accounts, ScorecardStore scorecards, ScoreRecorder recorder,
            ScoringConfig config, WallClock clock) {
        this.clock = clock;
        this.pool = pool;
        this.accounts = accounts;
        this.scorecards = scorecards;
        this.recorder = recorder;
        this.config = config;
    }

    // Not while the application stops: the pool may be closed already.
    @Scheduled(every = "${touchline.scoring.sweep-every:60s}", delayed = "${touchline.scoring.sweep-every:60s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> scheduled() {
        return sweep(clock.now())
                .onFailure().invoke(failure -> LOG.warnf("Sweep failed, trying again next time: %s", failure.toString()))
                .onFailure().recoverWithItem(0)
                .replaceWithVoid();
    }

    /** Scores every account due at {@code now}, batch by batch; returns how many it scored. */
    public Uni<Integer> sweep(Instant now) {
        return batch(now).flatMap(count -> count < config.sweepBatch()
                ? Uni.createFrom().item(count)
                : sweep(now).map(rest -> count + rest));
    }

    private Uni<Integer> batch(Instant now) {
        return pool.withTransaction(connection -> accounts.lockDue(connection, now, config.sweepBatch())
                .flatMap(rows -> catchUp(connection, rows, now, new ScoreRecorder.Changes())))
                .invoke(recorder::committed)
                .map(ScoreRecorder.Changes::accounts);
    }

    /**
     * Scores each row at every moment it fell due up to {@code until} and writes the changes, in
     * the caller's transaction.
     */
    public Uni<ScoreRecorder.Changes> catchUp(SqlConnection connection, List<AccountRow> rows, Instant until,
            ScoreRecorder.Changes changes) {
        return scorecards.activeOf(rows.stream().map(row -> row.tenantId).collect(Collectors.toSet()))
                .flatMap(cards -> {
                    for (AccountRow row : rows) {
                        recorder.catchUp(changes, row, cards.get(row.tenantId), until);
                    }
                    return recorder.write(connection, changes).replaceWith(changes);
                });
    }
}
