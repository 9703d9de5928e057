package io.touchline.messaging.inbox;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/** Remembers which messages a consumer has applied, inside the transaction of the effect. */
@ApplicationScoped
public class Inbox {

    /**
     * Records the message as applied by this consumer.
     *
     * @return true on its first delivery, false when it was applied before
     */
    public Uni<Boolean> recordFirstDelivery(Mutiny.Session session, String consumer, String messageId) {
        return session.createNativeQuery("""
                insert into inbox_message (consumer, message_id, received_at)
                values (:consumer, :messageId, now())
                on conflict do nothing""")
                .setParameter("consumer", consumer)
                .setParameter("messageId", messageId)
                .executeUpdate()
                .map(inserted -> inserted == 1);
    }

    /**
     * Records a batch of messages as applied by this consumer, in one statement.
     *
     * @param messageIds distinct ids
     * @return the ids delivered for the first time; the others were applied before
     */
    public Uni<Set<String>> recordFirstDeliveries(SqlConnection connection, String consumer, List<String> messageIds) {
        if (messageIds.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        // Inserted in one global order: two transactions holding the same ids (a partition moved
        // to another consumer mid-poll) then wait for each other in turn and never deadlock.
        String[] ids = messageIds.toArray(new String[0]);
        Arrays.sort(ids);
        return connection.preparedQuery("""
                insert into inbox_message (consumer, message_id, received_at)
                select $1, id, now() from unnest($2::text[]) as id
                on conflict do nothing
                returning message_id""")
                .execute(Tuple.of(consumer, ids))
                .map(rows -> {
                    Set<String> fresh = new HashSet<>(rows.size() * 2);
                    for (Row row : rows) {
                        fresh.add(row.getString(0));
                    }
                    return fresh;
                });
    }
}
