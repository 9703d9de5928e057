package io.touchline.scoring.store;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.touchline.messaging.Sql;
import io.touchline.messaging.contract.ImportProgress;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Imports of history as scoring follows them (docs/backfill.md): each import's watermark,
 * counters and end, the newest event time read per partition of {@code usage-imports}, and the
 * events read but not yet applied.
 */
@ApplicationScoped
public class BackfillStore {

    /**
     * An import as scoring knows it.
     *
     * @param actionsFrom signals for moments from here on may act; null: none may
     * @param watermark the import's clock: everything due before it has been scored (null: nothing
     *        read yet)
     * @param ended every partition's end marker came: all the import's events have been read
     * @param startedAt when scoring first saw the import, on the wall clock
     */
    public record Backfill(String importId, String tenantId, Instant actionsFrom, Instant watermark, long applied,
            long late, List<String> lateSamples, boolean ended, Instant handedOverAt, Instant startedAt) {

        /** The progress message for the import. */
        public ImportProgress progress() {
            return new ImportProgress(importId, applied, late, lateSamples, watermark, handedOverAt != null);
        }
    }

    /** An event read and held until the watermark passes it. */
    public record Buffered(String importId, String tenantId, Instant actionsFrom, int partition, String accountKey,
            Instant eventTime, byte[] record) {
    }

    /** An event taken from the buffer to apply. */
    public record Held(long seq, String accountKey, Instant eventTime, byte[] record) {
    }

    private final Pool pool;

    public BackfillStore(Pool pool) {
        this.pool = pool;
    }

    /** Holds the events and moves each partition's newest event time on; opens imports first seen. */
    public Uni<Void> hold(SqlConnection connection, List<Buffered> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = events.size();
        String[] imports = new String[n];
        String[] tenants = new String[n];
        OffsetDateTime[] actionsFrom = new OffsetDateTime[n];
        Integer[] partitions = new Integer[n];
        String[] keys = new String[n];
        OffsetDateTime[] times = new OffsetDateTime[n];
        io.vertx.core.buffer.Buffer[] records = new io.vertx.core.buffer.Buffer[n];
        for (int i = 0; i < n; i++) {
            Buffered e = events.get(i);
            imports[i] = e.importId();
            tenants[i] = e.tenantId();
            actionsFrom[i] = Sql.time(e.actionsFrom());
            partitions[i] = e.partition();
            keys[i] = e.accountKey();
            times[i] = Sql.time(e.eventTime());
            records[i] = io.vertx.core.buffer.Buffer.buffer(e.record());
        }
        Uni<?> opened = connection.preparedQuery("""
                insert into backfill (import_id, tenant_id, actions_from, started_at)
                select distinct on (i) i, t, a, now() from unnest($1::text[], $2::text[], $3::timestamptz[]) as u(i, t, a)
                on conflict (import_id) do nothing""")
                .execute(Tuple.of(imports, tenants, actionsFrom));
        Uni<?> held = connection.preparedQuery("""
                insert into backfill_buffer (import_id, account_key, event_time, record)
                select * from unnest($1::text[], $2::text[], $3::timestamptz[], $4::bytea[])""")
                .execute(Tuple.of(imports, keys, times, records));
        Uni<?> newest = connection.preparedQuery("""
                insert into backfill_partition (import_id, partition, newest)
                select i, p, max(e) from unnest($1::text[], $2::int[], $3::timestamptz[]) as u(i, p, e) group by i, p
                on conflict (import_id, partition)
                do update set newest = greatest(backfill_partition.newest, excluded.newest)""")
                .execute(Tuple.of(imports, partitions, times));
        return Uni.combine().all().unis(opened, held, newest).discardItems();
    }

    /** Records an import's end marker on a partition. */
    public Uni<Void> complete(SqlConnection connection, String importId, String tenantId, int partition,
            int partitions) {
        Uni<?> opened = connection.preparedQuery("""
                insert into backfill (import_id, tenant_id, started_at) values ($1, $2, now())
                on conflict (import_id) do nothing""")
                .execute(Tuple.of(importId, tenantId));
        Uni<?> marked = connection.preparedQuery("""
                insert into backfill_partition (import_id, partition, partitions, completed) values ($1, $2, $3, true)
                on conflict (import_id, partition) do update set partitions = excluded.partitions, completed = true""")
                .execute(Tuple.of(importId, partition, partitions));
        return Uni.combine().all().unis(opened, marked).discardItems();
    }

    /**
     * Locks the import and moves its watermark on: the oldest of the newest event times of the
     * partitions still being read, less the allowed lateness, never backwards. Once every
     * partition's end marker came, the import has ended.
     *
     * @return null when scoring has not seen the import
     */
    public Uni<Backfill> advance(SqlConnection connection, String importId, Duration lateness) {
        return connection.preparedQuery("select * from backfill where import_id = $1 for update")
                .execute(Tuple.of(importId))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().nullItem();
                    }
                    Backfill before = read(rows.iterator().next());
                    return connection.preparedQuery("""
                            select newest, partitions, completed from backfill_partition where import_id = $1""")
                            .execute(Tuple.of(importId))
                            .flatMap(partitions -> {
                                Backfill after = advanced(before, partitions, lateness);
                                return connection.preparedQuery("""
                                        update backfill set watermark = $2, ended = $3 where import_id = $1""")
                                        .execute(Tuple.of(importId, Sql.time(after.watermark()), after.ended()))
                                        .replaceWith(after);
                            });
                });
    }

    private static Backfill advanced(Backfill b, Iterable<Row> partitions, Duration lateness) {
        int completed = 0;
        int expected = Integer.MAX_VALUE;
        Instant oldestOpen = null;
        Instant newest = null;
        for (Row p : partitions) {
            Instant time = Sql.instant(p, "newest");
            if (Boolean.TRUE.equals(p.getBoolean("completed"))) {
                completed++;
                expected = p.getInteger("partitions");
            } else if (time != null && (oldestOpen == null || time.isBefore(oldestOpen))) {
                oldestOpen = time;
            }
            if (time != null && (newest == null || time.isAfter(newest))) {
                newest = time;
            }
        }
        boolean ended = completed >= expected;
        Instant front = ended || oldestOpen == null ? newest : oldestOpen;
        Instant watermark = front == null ? b.watermark() : front.minus(ended ? Duration.ZERO : lateness);
        if (b.watermark() != null && (watermark == null || watermark.isBefore(b.watermark()))) {
            watermark = b.watermark();
        }
        return new Backfill(b.importId(), b.tenantId(), b.actionsFrom(), watermark, b.applied(), b.late(),
                b.lateSamples(), ended, b.handedOverAt(), b.startedAt());
    }

    /**
     * Takes the held events due up to {@code until} (all of them when null) out of the buffer,
     * the oldest first, at most {@code limit}.
     */
    public Uni<List<Held>> take(SqlConnection connection, String importId, Instant until, int limit) {
        return connection.preparedQuery("""
                delete from backfill_buffer where seq in (
                    select seq from backfill_buffer where import_id = $1 and ($2::timestamptz is null or event_time <= $2)
                    order by event_time, seq limit $3)
                returning seq, account_key, event_time, record""")
                .execute(Tuple.of(importId, Sql.time(until), limit))
                .map(rows -> {
                    List<Held> held = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        held.add(new Held(row.getLong("seq"), row.getString("account_key"),
                                Sql.instant(row, "event_time"), row.getBuffer("record").getBytes()));
                    }
                    return held;
                });
    }

    /** Whether the import still holds events. */
    public Uni<Boolean> holdsAny(SqlConnection connection, String importId) {
        return connection.preparedQuery("select exists (select 1 from backfill_buffer where import_id = $1)")
                .execute(Tuple.of(importId))
                .map(rows -> rows.iterator().next().getBoolean(0));
    }

    /** Counts what a transaction applied and found late, and where the watermark stands. */
    public Uni<Backfill> count(SqlConnection connection, Backfill b, long applied, List<String> lateSamples,
            long late, Instant handedOverAt) {
        List<String> samples = new ArrayList<>(b.lateSamples());
        for (String sample : lateSamples) {
            if (samples.size() < ImportProgress.MAX_SAMPLES) {
                samples.add(sample);
            }
        }
        Backfill after = new Backfill(b.importId(), b.tenantId(), b.actionsFrom(), b.watermark(), b.applied() + applied,
                b.late() + late, List.copyOf(samples), b.ended(), handedOverAt, b.startedAt());
        return connection.preparedQuery("""
                update backfill set applied = $2, late = $3, late_samples = $4, watermark = $5, handed_over_at = $6
                where import_id = $1""")
                .execute(Tuple.of(b.importId(), after.applied(), after.late(), samples.toArray(String[]::new),
                        Sql.time(after.watermark()), Sql.time(handedOverAt)))
                .replaceWith(after);
    }

    /** Imports that ended and are not yet handed over: where a restart takes up the hand-over. */
    public Uni<List<String>> endedNotHandedOver() {
        return pool.query("select import_id from backfill where ended and handed_over_at is null order by started_at")
                .execute()
                .map(rows -> Sql.list(rows, row -> row.getString(0)));
    }

    /** The imports scoring has seen, by id. */
    public Uni<Map<String, Backfill>> find(List<String> importIds) {
        return pool.preparedQuery("select * from backfill where import_id = any($1)")
                .execute(Tuple.of(importIds.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, Backfill> found = new HashMap<>();
                    for (Row row : rows) {
                        Backfill b = read(row);
                        found.put(b.importId(), b);
                    }
                    return found;
                });
    }

    private static Backfill read(Row row) {
        String[] samples = row.getArrayOfStrings("late_samples");
        return new Backfill(row.getString("import_id"), row.getString("tenant_id"), Sql.instant(row, "actions_from"),
                Sql.instant(row, "watermark"), row.getLong("applied"), row.getLong("late"),
                samples == null ? List.of() : Arrays.asList(samples), row.getBoolean("ended"),
                Sql.instant(row, "handed_over_at"), Sql.instant(row, "started_at"));
    }
}
