package io.touchline.scoring.application;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.touchline.scoring.config.ScoringConfig;
import io.touchline.scoring.domain.Trigger;
import io.touchline.scoring.domain.model.TenantScorecard;
import io.touchline.scoring.store.AccountRow;
import io.touchline.scoring.store.AccountStore;
import io.touchline.scoring.store.RescoreJobStore;
import io.touchline.scoring.store.ScorecardStore;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Works through re-scoring jobs a page of accounts per transaction, in key order, recording
 * progress with each page, so a restart goes on where it stopped and any instance can take over
 * (the job row is locked with {@code skip locked} while a page runs). Accounts are scored on the
 * model's own clock, so only the scorecard changes their score.
 */
@ApplicationScoped
public class RescoreJobs {

    private static final Logger LOG = Logger.getLogger(RescoreJobs.class);

    private final Pool pool;
    private final RescoreJobStore jobs;
    private final AccountStore accounts;
    private final ScorecardStore scorecards;
    private final ScoreRecorder recorder;
    private final ScoringConfig config;
    private final AtomicBoolean running = new AtomicBoolean();

    public RescoreJobs(Pool pool, RescoreJobStore jobs, AccountStore accounts, ScorecardStore scorecards,
            ScoreRecorder recorder, ScoringConfig config) {
        this.pool = pool;
        this.jobs = jobs;
        this.accounts = accounts;
        this.scorecards = scorecards;
        this.recorder = recorder;
        this.config = config;
    }

    /** Starts working now (after a job was created); the timer picks up anything left. */
    public void wake() {
        tick().subscribe().with(x -> {
        }, failure -> LOG.warnf("Re-scoring paused, trying again shortly: %s", failure.toString()));
    }

    // Not while the application stops: the pool may be closed already.
    @Scheduled(every = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> tick() {
        if (!running.compareAndSet(false, true)) {
            return Uni.createFrom().voidItem();
        }
        return runPages().eventually(() -> running.set(false));
    }

    private Uni<Void> runPages() {
        return page().flatMap(more -> more ? runPages() : Uni.createFrom().voidItem());
    }

    /** Scores one page of the oldest open job; false when there is nothing left to do. */
    private Uni<Boolean> page() {
        return pool.withTransaction(connection -> jobs.lockNext(connection).flatMap(job -> {
            if (job == null) {
                return Uni.createFrom().item((ScoreRecorder.Changes) null);
            }
            // The active version as stored, not as cached: another instance may have just activated.
            return scorecards.version(job.tenantId(), job.version()).flatMap(card -> scorecards
                    .activeVersion(job.tenantId())
                    .flatMap(active -> {
                        if (card == null || active != job.version()) {
                            return jobs.progress(connection, job.id(), "superseded", 0, job.lastKey())
                                    .replaceWith(new ScoreRecorder.Changes());
                        }
                        return accounts.lockPage(connection, job.tenantId(), job.lastKey(), config.rescoreBatch())
                                .flatMap(rows -> score(connection, job, card, rows));
                    }));
        })).invoke(changes -> {
            if (changes != null) {
                recorder.committed(changes);
            }
        }).map(changes -> changes != null);
    }

    private Uni<ScoreRecorder.Changes> score(SqlConnection connection, RescoreJobStore.Job job, TenantScorecard card,
            List<AccountRow> rows) {
        ScoreRecorder.Changes changes = new ScoreRecorder.Changes();
        Trigger trigger = new Trigger("rescore:" + job.id(), "re-scored under scorecard version " + job.version(), null);
        Instant now = Instant.now();
        for (AccountRow row : rows) {
            Instant asOf = row.memory.scoredAt != null ? row.memory.scoredAt : now;
            recorder.score(changes, row, card, asOf, trigger, now);
        }
        String lastKey = rows.isEmpty() ? job.lastKey() : rows.get(rows.size() - 1).accountKey;
        String status = rows.size() < config.rescoreBatch() ? "done" : "running";
        return recorder.write(connection, changes)
                .flatMap(x -> jobs.progress(connection, job.id(), status, rows.size(), lastKey))
                .replaceWith(changes);
    }
}
