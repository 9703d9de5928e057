package io.touchline.notification.store;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.touchline.messaging.Sql;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/** Users' in-app inboxes. */
@ApplicationScoped
public class InboxStore {

    /**
     * One message in a user's inbox; its id is the touch message's id.
     *
     * @param seq its position in the user's inbox, in commit order: the stream's event id
     */
    public record Entry(String id, long seq, String accountId, String userId, String title, String body,
            Instant createdAt, Instant readAt) {
    }

    /**
     * Adds a message to a user's inbox. Adds for one user are serialized by an advisory lock held
     * to commit, so positions become visible in their order and a stream never skips one.
     */
    public Uni<Void> add(SqlConnection connection, String tenantId, String accountId, String userId, String id,
            String title, String body) {
        return connection.preparedQuery("select pg_advisory_xact_lock(hashtextextended($1, 0))")
                .execute(Tuple.of("inbox\n" + tenantId + "\n" + userId))
                .flatMap(x -> connection.preparedQuery("""
                        insert into inbox_entry (id, tenant_id, account_id, user_id, title, body, created_at)
                        values ($1, $2, $3, $4, $5, $6, now()) on conflict do nothing""")
                        .execute(Tuple.of(id, tenantId, accountId, userId, title == null ? "" : title,
                                body == null ? "" : body)))
                .replaceWithVoid();
    }

    /**
     * A page of a user's inbox: unread first, each part newest first; after the cursor's
     * (unread, createdAt, id) when there is one.
     */
    public Uni<List<Entry>> page(SqlClient client, String tenantId, String userId, Boolean afterUnread,
            Instant afterCreated, String afterId, int limit) {
        return client.preparedQuery("""
                select * from inbox_entry where tenant_id = $1 and user_id = $2
                    and ($3::boolean is null or ((read_at is null), created_at, id) < ($3, $4, $5))
                order by (read_at is null) desc, created_at desc, id desc limit $6""")
                .execute(Tuple.from(new Object[] { tenantId, userId, afterUnread, Sql.time(afterCreated), afterId, limit }))
                .map(rows -> Sql.list(rows, InboxStore::read));
    }

    /** Marks a message of the user's read (once: a second call keeps the first time); null when it is not theirs. */
    public Uni<Entry> markRead(SqlClient client, String tenantId, String userId, String id) {
        return client.preparedQuery("""
                update inbox_entry set read_at = coalesce(read_at, now())
                where tenant_id = $1 and user_id = $2 and id = $3 returning *""")
                .execute(Tuple.of(tenantId, userId, id))
                .map(rows -> rows.size() == 0 ? null : read(rows.iterator().next()));
    }

    /** The user's messages after position {@code seq}, oldest first. */
    public Uni<List<Entry>> after(SqlClient client, String tenantId, String userId, long seq, int limit) {
        return client.preparedQuery("""
                select * from inbox_entry where tenant_id = $1 and user_id = $2 and seq > $3 order by seq limit $4""")
                .execute(Tuple.of(tenantId, userId, seq, limit))
                .map(rows -> Sql.list(rows, InboxStore::read));
    }

    /** The position of the user's newest message; 0 when there is none. */
    public Uni<Long> newest(SqlClient client, String tenantId, String userId) {
        return client.preparedQuery("""
                select coalesce(max(seq), 0) from inbox_entry where tenant_id = $1 and user_id = $2""")
                .execute(Tuple.of(tenantId, userId))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    private static Entry read(Row row) {
        return new Entry(row.getString("id"), row.getLong("seq"), row.getString("account_id"), row.getString("user_id"),
                row.getString("title"), row.getString("body"), Sql.instant(row, "created_at"),
                Sql.instant(row, "read_at"));
    }
}
