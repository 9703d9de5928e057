package io.touchline.notification.application;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;
import io.touchline.messaging.Envelope;
import io.touchline.messaging.EnvelopeCodec;
import io.touchline.messaging.Topics;
import io.touchline.messaging.outbox.Outbox;
import io.touchline.notification.domain.DeliveryKind;
import io.touchline.notification.store.Delivery;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * A touch message that failed for good goes to {@code touch-messages.dlq} as it came, through the
 * outbox, in the transaction that marks its delivery FAILED; the reason and the attempts stay with
 * the delivery ({@code GET /v1/deliveries/{id}}). Task notifications are not touch messages:
 * their failures are visible in the deliveries alone.
 */
@ApplicationScoped
public class DeadLetterQueue {

    private final Outbox outbox;
    private final EnvelopeCodec codec;

    public DeadLetterQueue(Outbox outbox, EnvelopeCodec codec) {
        this.outbox = outbox;
        this.codec = codec;
    }

    public Uni<Void> add(SqlConnection connection, Delivery delivery) {
        if (delivery.kind() != DeliveryKind.MESSAGE) {
            return Uni.createFrom().voidItem();
        }
        Envelope request = codec.decode(delivery.request());
        EnvelopeCodec.Typed<JsonNode> dead = new EnvelopeCodec.Typed<>(request.id(), request.type(), request.tenantId(),
                request.accountId(), request.eventTime(), Instant.now(), request.payload());
        return outbox.addAll(connection, List.of(new Outbox.Pending(Topics.dlq(Topics.TOUCH_MESSAGES), dead)));
    }
}
