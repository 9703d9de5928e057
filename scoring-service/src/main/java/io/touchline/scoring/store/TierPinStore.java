package io.touchline.scoring.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.touchline.messaging.Envelope;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Tier pins. Rows are never deleted: a removal is recorded on the row, so the table is the
 * audit trail of who pinned which tier, why, and who took it back.
 */
@ApplicationScoped
public class TierPinStore {

    /** One pin, active or not. */
    public record TierPin(long id, String accountId, String tier, String reason, String author, Instant createdAt,
            Instant removedAt, String removedBy, String removalReason) {
    }

    private final Pool pool;

    public TierPinStore(Pool pool) {
        this.pool = pool;
    }

    public Uni<TierPin> add(SqlConnection connection, String tenantId, String accountId, String tier, String reason,
            String author) {
        return connection.preparedQuery("""
                insert into tier_pin (account_key, tenant_id, account_id, tier, reason, author, created_at)
                values ($1, $2, $3, $4, $5, $6, now()) returning *""")
                .execute(Tuple.from(List.of(Envelope.key(tenantId, accountId), tenantId, accountId, tier, reason, author)))
                .map(rows -> read(rows.iterator().next()));
    }

    /** Removes the account's active pin; returns how many were active (0 or 1). */
    public Uni<Integer> removeActive(SqlConnection connection, String tenantId, String accountId, String removedBy,
            String reason) {
        return connection.preparedQuery("""
                update tier_pin set removed_at = now(), removed_by = $2, removal_reason = $3
                where account_key = $1 and removed_at is null""")
                .execute(Tuple.of(Envelope.key(tenantId, accountId), removedBy, reason))
                .map(rows -> rows.rowCount());
    }

    /** The account's active pin's tier, or null. */
    public Uni<String> activeTier(String tenantId, String accountId) {
        return pool.preparedQuery("""
                select tier from tier_pin where account_key = $1 and removed_at is null
                order by created_at desc, id desc limit 1""")
                .execute(Tuple.of(Envelope.key(tenantId, accountId)))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString(0));
    }

    /** The account's pins, newest first. */
    public Uni<List<TierPin>> list(String tenantId, String accountId) {
        return pool.preparedQuery("select * from tier_pin where account_key = $1 order by created_at desc, id desc")
                .execute(Tuple.of(Envelope.key(tenantId, accountId)))
                .map(rows -> {
                    List<TierPin> result = new ArrayList<>();
                    for (Row row : rows) {
                        result.add(read(row));
                    }
                    return result;
                });
    }

    private static TierPin read(Row row) {
        return new TierPin(row.getLong("id"), row.getString("account_id"), row.getString("tier"), row.getString("reason"),
                row.getString("author"), instant(row.getOffsetDateTime("created_at")),
                instant(row.getOffsetDateTime("removed_at")), row.getString("removed_by"),
                row.getString("removal_reason"));
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
