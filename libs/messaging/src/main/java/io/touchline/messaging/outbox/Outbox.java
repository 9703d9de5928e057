package io.touchline.messaging.outbox;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Uni;
import io.touchline.messaging.Envelope;
import io.touchline.messaging.EnvelopeCodec;

/**
 * Queues a message for publication in the caller's transaction; {@link OutboxRelay} publishes it
 * after commit. State and message are written together or not at all: no dual write.
 */
@ApplicationScoped
public class Outbox {

    private final EnvelopeCodec codec;

    public Outbox(EnvelopeCodec codec) {
        this.codec = codec;
    }

    public Uni<Void> add(Mutiny.Session session, String topic, Envelope envelope) {
        return session.createNativeQuery("""
                insert into outbox_message (topic, message_key, message_id, payload, created_at)
                values (:topic, :key, :id, :payload, :createdAt)""")
                .setParameter("topic", topic)
                .setParameter("key", envelope.key())
                .setParameter("id", envelope.id())
                .setParameter("payload", codec.encode(envelope))
                .setParameter("createdAt", OffsetDateTime.ofInstant(envelope.publishTime(), ZoneOffset.UTC))
                .executeUpdate()
                .replaceWithVoid();
    }
}
