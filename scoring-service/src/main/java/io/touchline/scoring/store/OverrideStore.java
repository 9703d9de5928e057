package io.touchline.scoring.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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
 * Manual overrides. Rows are never deleted: a removal is recorded on the row, so the table is
 * the audit trail of who set what, why, until when, and who took it back.
 */
@ApplicationScoped
public class OverrideStore {

    /** One override, active or not. */
    public record Override(long id, String accountId, double score, String reason, String author, Instant createdAt,
            Instant expiresAt, Instant removedAt, String removedBy, String removalReason) {

        public boolean activeAt(Instant now) {
            return removedAt == null && expiresAt.isAfter(now);
        }
    }

    private final Pool pool;

    public OverrideStore(Pool pool) {
        this.pool = pool;
    }

    public Uni<Override> add(SqlConnection connection, String tenantId, String accountId, double score, String reason,
            String author, Instant expiresAt) {
        return connection.preparedQuery("""
                insert into health_override (account_key, tenant_id, account_id, score, reason, author, created_at,
                    expires_at)
                values ($1, $2, $3, $4, $5, $6, now(), $7) returning *""")
                .execute(Tuple.from(List.of(Envelope.key(tenantId, accountId), tenantId, accountId, score, reason, author,
                        OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC))))
                .map(rows -> read(rows.iterator().next()));
    }

    /** Removes every active override of the account; returns how many there were. */
    public Uni<Integer> removeActive(SqlConnection connection, String tenantId, String accountId, String removedBy,
            String reason) {
        return connection.preparedQuery("""
                update health_override set removed_at = now(), removed_by = $2, removal_reason = $3
                where account_key = $1 and removed_at is null and expires_at > now()""")
                .execute(Tuple.of(Envelope.key(tenantId, accountId), removedBy, reason))
                .map(rows -> rows.rowCount());
    }

    /** The account's overrides, newest first. */
    public Uni<List<Override>> list(String tenantId, String accountId) {
        return pool.preparedQuery("select * from health_override where account_key = $1 order by created_at desc, id desc")
                .execute(Tuple.of(Envelope.key(tenantId, accountId)))
                .map(rows -> {
                    List<Override> result = new ArrayList<>();
                    for (Row row : rows) {
                        result.add(read(row));
                    }
                    return result;
                });
    }

    private static Override read(Row row) {
        return new Override(row.getLong("id"), row.getString("account_id"), row.getDouble("score"),
                row.getString("reason"), row.getString("author"), instant(row.getOffsetDateTime("created_at")),
                instant(row.getOffsetDateTime("expires_at")), instant(row.getOffsetDateTime("removed_at")),
                row.getString("removed_by"), row.getString("removal_reason"));
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
