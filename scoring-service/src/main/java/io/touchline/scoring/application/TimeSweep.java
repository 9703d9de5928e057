package io.touchline.scoring.application;

import java.time.Instant;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.touchline.scoring.config.ScoringConfig;
import io.touchline.scoring.domain.Trigger;
import io.touchline.scoring.store.AccountRow;
import io.touchline.scoring.store.AccountStore;
import io.touchline.scoring.store.ScorecardStore;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Scores accounts whose time has come without an event: inactivity sends no events, yet it
 * lowers recency, opens INACTIVE and stalls, and a renewal window opens by the calendar. Each
 * account says when to look again ({@code next_check_at}); the sweep takes due accounts in
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

    public TimeSweep(Pool pool, AccountStore accounts, ScorecardStore scorecards, ScoreRecorder recorder,
            ScoringConfig config) {
        this.pool = pool;
        this.accounts = accounts;
        this.scorecards = scorecards;
        this.recorder = recorder;
        this.config = config;
    }

    // Not while the application stops: the pool may be closed already.
    @Scheduled(every = "${touchline.scoring.sweep-every:60s}", delayed = "${touchline.scoring.sweep-every:60s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> scheduled() {
        return sweep(Instant.now())
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
        Trigger trigger = Trigger.sweep(now);
        return pool.withTransaction(connection -> accounts.lockDue(connection, now, config.sweepBatch())
                .flatMap(rows -> scorecards.activeOf(rows.stream().map(row -> row.tenantId).collect(Collectors.toSet()))
                        .flatMap(cards -> {
                            ScoreRecorder.Changes changes = new ScoreRecorder.Changes();
                            for (AccountRow row : rows) {
                                recorder.score(changes, row, cards.get(row.tenantId), now, trigger, now);
                            }
                            return recorder.write(connection, changes).replaceWith(changes);
                        })))
                .invoke(recorder::committed)
                .map(ScoreRecorder.Changes::accounts);
    }
}
