package io.touchline.notification.messaging;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Uni;
import io.touchline.messaging.Channels;
import io.touchline.messaging.Envelope;
import io.touchline.messaging.EnvelopeCodec;
import io.touchline.messaging.IdempotentConsumer;
import io.touchline.messaging.PoisonMessageException;
import io.touchline.messaging.contract.MessageTypes;
import io.touchline.messaging.contract.TouchMessage;
import io.touchline.notification.store.InboxEntry;

/**
 * Delivers touch messages. In-app messages land in the recipient's inbox. Email and webhook
 * delivery come with the notification issue; until then such messages are dead-lettered, where
 * they wait to be replayed, rather than acknowledged and dropped.
 */
@ApplicationScoped
public class TouchMessagesConsumer {

    static final String CONSUMER = "notification-service";

    private final IdempotentConsumer consumer;
    private final EnvelopeCodec codec;

    public TouchMessagesConsumer(IdempotentConsumer consumer, EnvelopeCodec codec) {
        this.consumer = consumer;
        this.codec = codec;
    }

    @Incoming(Channels.TOUCH_MESSAGES_IN)
    public Uni<Void> onTouchMessage(String value) {
        return consumer.consume(CONSUMER, value, this::apply);
    }

    Uni<Void> apply(Mutiny.Session session, Envelope envelope) {
        if (!MessageTypes.TOUCH_MESSAGE.equals(envelope.type())) {
            throw new PoisonMessageException("not a touch message: " + envelope.type());
        }
        TouchMessage message = codec.payload(envelope, TouchMessage.class);
        if (!TouchMessage.IN_APP.equals(message.channel())) {
            throw new PoisonMessageException("channel '" + message.channel() + "' is not deliverable yet");
        }
        if (message.recipientUserId() == null || message.recipientUserId().isBlank()) {
            throw new PoisonMessageException("an in-app message needs recipientUserId");
        }
        InboxEntry entry = new InboxEntry();
        entry.id = message.messageId();
        entry.tenantId = envelope.tenantId();
        entry.accountId = envelope.accountId();
        entry.userId = message.recipientUserId();
        entry.title = message.title();
        entry.body = message.body();
        entry.createdAt = Instant.now();
        return entry.persist().replaceWithVoid();
    }
}
