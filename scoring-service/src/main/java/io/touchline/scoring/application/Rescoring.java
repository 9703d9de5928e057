package io.touchline.scoring.application;

import java.time.Instant;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.touchline.scoring.domain.Trigger;
import io.touchline.scoring.store.AccountStore;
import io.touchline.scoring.store.ScorecardStore;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Re-scores one account at once when something other than an event changes its score (an
 * override set or removed), in the transaction of that change, so the score, its history, the
 * {@code health-scores} message and any band signal commit with it.
 */
@ApplicationScoped
public class Rescoring {

    private final Pool pool;
    private final AccountStore accounts;
    private final ScorecardStore scorecards;
    private final ScoreRecorder recorder;

    public Rescoring(Pool pool, AccountStore accounts, ScorecardStore scorecards, ScoreRecorder recorder) {
        this.pool = pool;
        this.accounts = accounts;
        this.scorecards = scorecards;
        this.recorder = recorder;
    }

    /**
     * Runs {@code change} on the locked account, then re-scores it.
     *
     * @return the change's result, or null (and nothing done) when scoring has not seen the account
     */
    public <T> Uni<T> change(String tenantId, String accountId, Trigger trigger,
            Function<SqlConnection, Uni<T>> change) {
        return scorecards.active(tenantId).flatMap(card -> pool.withTransaction(connection -> accounts
                .lockOne(connection, tenantId, accountId)
                .flatMap(existing -> existing == null ? Uni.createFrom().<Result<T>> nullItem()
                        : change.apply(connection)
                                .flatMap(result -> accounts.lockOne(connection, tenantId, accountId).flatMap(row -> {
                                    ScoreRecorder.Changes changes = new ScoreRecorder.Changes();
                                    // The model's own clock: an override adds no new facts.
                                    Instant asOf = row.memory.scoredAt != null ? row.memory.scoredAt : Instant.now();
                                    recorder.score(changes, row, card, asOf, trigger, Instant.now());
                                    return recorder.write(connection, changes)
                                            .replaceWith(new Result<>(result, changes));
                                })))))
                .invoke(result -> {
                    if (result != null) {
                        recorder.committed(result.changes());
                    }
                })
                .map(result -> result == null ? null : result.value());
    }

    private record Result<T>(T value, ScoreRecorder.Changes changes) {
    }
}
