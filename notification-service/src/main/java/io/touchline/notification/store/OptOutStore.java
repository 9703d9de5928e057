package io.touchline.notification.store;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.touchline.messaging.Sql;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** Recipients who opted out of a channel, or of all of them ({@link #ALL}). */
@ApplicationScoped
public class OptOutStore {

    public static final String ALL = "all";

    /** @param source {@code link} (the unsubscribe link) or {@code api} */
    public record OptOut(String recipient, String channel, String source, Instant createdAt) {
    }

    /** Records an opt-out; one that exists stays as it was. */
    public Uni<OptOut> add(SqlClient client, String tenantId, String recipient, String channel, String source) {
        return client.preparedQuery("""
                insert into opt_out (tenant_id, recipient, channel, source, created_at) values ($1, $2, $3, $4, now())
                on conflict (tenant_id, recipient, channel) do update set source = opt_out.source
                returning *""")
                .execute(Tuple.of(tenantId, recipient, channel, source))
                .map(rows -> read(rows.iterator().next()));
    }

    /** Removes an opt-out; true when there was one. */
    public Uni<Boolean> remove(SqlClient client, String tenantId, String recipient, String channel) {
        return client.preparedQuery("delete from opt_out where tenant_id = $1 and recipient = $2 and channel = $3")
                .execute(Tuple.of(tenantId, recipient, channel))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<List<OptOut>> list(SqlClient client, String tenantId, String recipient) {
        return client.preparedQuery("""
                select * from opt_out where tenant_id = $1 and ($2::text is null or recipient = $2)
                order by recipient, channel limit 1000""")
                .execute(Tuple.of(tenantId, recipient))
                .map(rows -> Sql.list(rows, OptOutStore::read));
    }

    /** Whether the recipient opted out of the channel or of every channel. */
    public Uni<Boolean> optedOut(SqlClient client, String tenantId, String recipient, String channel) {
        return client.preparedQuery("""
                select 1 from opt_out where tenant_id = $1 and recipient = $2 and channel in ($3, 'all')""")
                .execute(Tuple.of(tenantId, recipient, channel))
                .map(rows -> rows.size() > 0);
    }

    private static OptOut read(io.vertx.mutiny.sqlclient.Row row) {
        return new OptOut(row.getString("recipient"), row.getString("channel"), row.getString("source"),
                Sql.instant(row, "created_at"));
    }
}
