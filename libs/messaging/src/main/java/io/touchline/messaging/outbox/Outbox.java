package io.touchline.messaging.outbox;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Uni;
import io.touchline.messaging.Envelope;
import io.touchline.messaging.EnvelopeCodec;
import io.touchline.messaging.tracing.TraceContext;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Queues a message for publication in the caller's transaction; {@link OutboxRelay} publishes it
 * after commit. State and message are written together or not at all: no dual write.
 */
@ApplicationScoped
public class Outbox {

    /**
     * A message and the topic it goes to; its payload is written straight to JSON when queued.
     * {@code traceParent} is the trace context its record carries ({@link TraceContext}), or null.
     */
    public record Pending(String topic, EnvelopeCodec.Typed<?> message, String traceParent) {

        public Pending(String topic, EnvelopeCodec.Typed<?> message) {
            this(topic, message, null);
        }
    }

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

    /** Queues many messages in one statement; they are relayed in list order. */
    public Uni<Void> addAll(SqlConnection connection, List<Pending> messages) {
        if (messages.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = messages.size();
        String[] topics = new String[n];
        String[] keys = new String[n];
        String[] ids = new String[n];
        // UTF-8 bytes, which the statement reads as text: encoded once, not as a String first.
        Buffer[] payloads = new Buffer[n];
        OffsetDateTime[] created = new OffsetDateTime[n];
        String[] traceParents = new String[n];
        for (int i = 0; i < n; i++) {
            EnvelopeCodec.Typed<?> message = messages.get(i).message();
            topics[i] = messages.get(i).topic();
            keys[i] = message.key();
            ids[i] = message.id();
            payloads[i] = Buffer.buffer(codec.encodeBytes(message));
            created[i] = OffsetDateTime.ofInstant(message.publishTime(), ZoneOffset.UTC);
            traceParents[i] = messages.get(i).traceParent();
        }
        // unnest keeps the arrays' order and the sequence follows it, so per-account order holds.
        return connection.preparedQuery("""
                insert into outbox_message (topic, message_key, message_id, payload, created_at, trace_parent)
                select t, k, i, convert_from(p, 'UTF8'), c, tp
                from unnest($1::text[], $2::text[], $3::text[], $4::bytea[], $5::timestamptz[], $6::text[])
                    as u(t, k, i, p, c, tp)""")
                .execute(Tuple.of(topics, keys, ids, payloads, created, traceParents))
                .replaceWithVoid();
    }
}
