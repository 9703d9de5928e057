package io.touchline.messaging.inbox;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Uni;

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
}
