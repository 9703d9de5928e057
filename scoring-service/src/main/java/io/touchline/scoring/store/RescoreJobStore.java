package io.touchline.scoring.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/** Re-scoring jobs and their progress. */
@ApplicationScoped
public class RescoreJobStore {

    /**
     * A job: every account of the tenant scored again under {@code version}.
     *
     * @param status queued, running, done, or superseded (another version was activated meanwhile)
     * @param lastKey the last account done, where the job goes on after a restart
     */
    public record Job(long id, String tenantId, int version, String status, int total, int done, String lastKey,
            Instant createdAt, Instant updatedAt, Instant finishedAt) {
    }

    private final Pool pool;

    public RescoreJobStore(Pool pool) {
        this.pool = pool;
    }

    /**
     * A job over the tenant's accounts as they are now, or the one still queued for this version:
     * asking twice before it starts queues it once. A running job is not reused, since it has
     * passed some accounts already; the new one runs after it.
     */
    public Uni<Job> create(String tenantId, int version) {
        return pool.preparedQuery("""
                with created as (
                    insert into rescore_job (tenant_id, version, status, total, created_at, updated_at)
                    select $1, $2, 'queued', count(*), now(), now() from account_health where tenant_id = $1
                    on conflict (tenant_id, version) where status = 'queued' do nothing
                    returning *)
                select * from created
                union all
                select * from rescore_job where tenant_id = $1 and version = $2 and status = 'queued'
                limit 1""")
                .execute(Tuple.of(tenantId, version))
                // Empty only when the queued job it met was committed after this statement began, or
                // started meanwhile: asking again finds it, or queues the next one.
                .flatMap(rows -> rows.size() == 0 ? create(tenantId, version)
                        : Uni.createFrom().item(read(rows.iterator().next())));
    }

    /** The tenant's jobs, newest first. */
    public Uni<List<Job>> list(String tenantId, int limit) {
        return pool.preparedQuery("select * from rescore_job where tenant_id = $1 order by id desc limit $2")
                .execute(Tuple.of(tenantId, limit))
                .map(rows -> {
                    List<Job> jobs = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        jobs.add(read(row));
                    }
                    return jobs;
                });
    }

    public Uni<Job> find(String tenantId, long id) {
        return pool.preparedQuery("select * from rescore_job where tenant_id = $1 and id = $2")
                .execute(Tuple.of(tenantId, id))
                .map(rows -> rows.size() == 0 ? null : read(rows.iterator().next()));
    }

    /** Locks the oldest unfinished job no other instance is working on; null when none. */
    public Uni<Job> lockNext(SqlConnection connection) {
        return connection.query("""
                select * from rescore_job where status in ('queued', 'running')
                order by id limit 1 for update skip locked""")
                .execute()
                .map(rows -> rows.size() == 0 ? null : read(rows.iterator().next()));
    }

    public Uni<Void> progress(SqlConnection connection, long id, String status, int done, String lastKey) {
        return connection.preparedQuery("""
                update rescore_job set status = $2, done = done + $3, last_key = $4, updated_at = now(),
                    finished_at = case when $2 in ('done', 'superseded') then now() end
                where id = $1""")
                .execute(Tuple.of(id, status, done, lastKey))
                .replaceWithVoid();
    }

    private static Job read(Row row) {
        return new Job(row.getLong("id"), row.getString("tenant_id"), row.getInteger("version"),
                row.getString("status"), row.getInteger("total"), row.getInteger("done"), row.getString("last_key"),
                instant(row.getOffsetDateTime("created_at")), instant(row.getOffsetDateTime("updated_at")),
                instant(row.getOffsetDateTime("finished_at")));
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
