package io.touchline.ingest.store;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.touchline.messaging.Sql;
import io.touchline.messaging.contract.ImportProgress;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Import jobs (docs/backfill.md): what ingest judged of each, and scoring's progress with it. */
@ApplicationScoped
public class ImportJobStore {

    public static final String RECEIVING = "receiving";
    public static final String ENDED = "ended";
    public static final String HANDED_OVER = "handed-over";
    /** Distinct rejection reasons a job counts; the rest are counted under the total only. */
    static final int MAX_REASONS = 50;

    /**
     * An import job as the API shows it.
     *
     * @param rejections how often each reason ({@code field: rule}) rejected an event
     * @param watermark scoring's event-time clock for the import: what falls due before it has
     *        been scored
     */
    public record ImportJob(String id, String state, Instant actionsFrom, long eventsRead, long accepted,
            long rejected, Map<String, Object> rejections, long applied, long late, List<String> lateSamples,
            Instant watermark, Instant createdAt, Instant endedAt, Instant handedOverAt) {
    }

    /** The tenant already has an open import. */
    public static class OpenImportException extends RuntimeException {
        public final ImportJob open;

        OpenImportException(ImportJob open) {
            super("import " + open.id() + " is still open");
            this.open = open;
        }
    }

    private final Pool pool;

    public ImportJobStore(Pool pool) {
        this.pool = pool;
    }

    /** Opens an import; fails with {@link OpenImportException} while another is open. */
    public Uni<ImportJob> create(String tenantId, Instant actionsFrom) {
        return pool.preparedQuery("""
                insert into import_job (id, tenant_id, state, actions_from, created_at) values ($1, $2, $3, $4, now())
                on conflict (tenant_id) where state <> 'handed-over' do nothing returning *""")
                .execute(Tuple.of(UUID.randomUUID().toString(), tenantId, RECEIVING, Sql.time(actionsFrom)))
                .flatMap(rows -> rows.size() > 0 ? Uni.createFrom().item(read(rows.iterator().next()))
                        : open(tenantId).map(open -> {
                            throw new OpenImportException(open);
                        }));
    }

    /** The tenant's open import, or null. */
    public Uni<ImportJob> open(String tenantId) {
        return pool.preparedQuery("select * from import_job where tenant_id = $1 and state <> 'handed-over'")
                .execute(Tuple.of(tenantId))
                .map(rows -> rows.size() == 0 ? null : read(rows.iterator().next()));
    }

    /** One of the tenant's imports, or null. */
    public Uni<ImportJob> find(String tenantId, String id) {
        return pool.preparedQuery("select * from import_job where tenant_id = $1 and id = $2")
                .execute(Tuple.of(tenantId, id))
                .map(rows -> rows.size() == 0 ? null : read(rows.iterator().next()));
    }

    /** The tenant's imports, newest first. */
    public Uni<List<ImportJob>> list(String tenantId, int limit) {
        return pool.preparedQuery("select * from import_job where tenant_id = $1 order by created_at desc limit $2")
                .execute(Tuple.of(tenantId, limit))
                .map(rows -> Sql.list(rows, ImportJobStore::read));
    }

    /** Counts a batch: events read, accepted and rejected, by reason. */
    public Uni<Void> count(String id, int read, int accepted, Map<String, Integer> reasons) {
        int rejected = reasons.values().stream().mapToInt(Integer::intValue).sum();
        return pool.preparedQuery("""
                update import_job set events_read = events_read + $2, accepted = accepted + $3, rejected = rejected + $4,
                    rejections = (select coalesce(jsonb_object_agg(k, v), '{}'::jsonb) from (
                        select k, sum(v)::bigint as v from (
                            select key as k, value::bigint as v from jsonb_each_text(rejections)
                            union all select key, value::bigint from jsonb_each_text($5::jsonb)) u
                        group by k order by sum(v) desc, k limit $6) m)
                where id = $1""")
                .execute(Tuple.of(id, (long) read, (long) accepted, (long) rejected, new JsonObject(Map.copyOf(reasons)),
                        MAX_REASONS))
                .replaceWithVoid();
    }

    /** Ends a receiving import; null when there is none by that id receiving. */
    public Uni<ImportJob> end(String tenantId, String id) {
        return pool.preparedQuery("""
                update import_job set state = $3, ended_at = now() where tenant_id = $1 and id = $2 and state = $4
                returning *""")
                .execute(Tuple.of(tenantId, id, ENDED, RECEIVING))
                .map(rows -> rows.size() == 0 ? null : read(rows.iterator().next()));
    }

    /**
     * Takes scoring's progress: totals, so only a report at least as far as the last one counts
     * (a redelivered or older one changes nothing).
     */
    public Uni<Void> progress(String tenantId, ImportProgress p) {
        return pool.preparedQuery("""
                update import_job set applied = $3::bigint, late = $4::bigint, late_samples = $5, watermark = $6,
                    handed_over_at = case when $7::boolean then coalesce(handed_over_at, now()) else handed_over_at end,
                    state = case when $7::boolean then 'handed-over' else state end
                where tenant_id = $1 and id = $2 and handed_over_at is null and applied + late <= $3::bigint + $4::bigint""")
                .execute(Tuple.tuple(Arrays.asList(tenantId, p.importId(), p.applied(), p.late(),
                        p.lateSamples().toArray(String[]::new), Sql.time(p.watermark()), p.handedOver())))
                .replaceWithVoid();
    }

    private static ImportJob read(Row row) {
        String[] samples = row.getArrayOfStrings("late_samples");
        Object rejections = row.getValue("rejections");
        Map<String, Object> reasons = rejections instanceof JsonObject json ? json.getMap() : Map.of();
        return new ImportJob(row.getString("id"), row.getString("state"), Sql.instant(row, "actions_from"),
                row.getLong("events_read"), row.getLong("accepted"), row.getLong("rejected"), reasons,
                row.getLong("applied"), row.getLong("late"), samples == null ? List.of() : Arrays.asList(samples),
                Sql.instant(row, "watermark"), Sql.instant(row, "created_at"), Sql.instant(row, "ended_at"),
                Sql.instant(row, "handed_over_at"));
    }
}
