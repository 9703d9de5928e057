package io.touchline.notification.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.mutiny.Uni;
import io.touchline.messaging.Channels;
import io.touchline.messaging.PoisonMessageException;
import io.touchline.messaging.contract.MessageTypes;
import io.touchline.messaging.contract.TouchMessage;
import io.touchline.notification.application.DeliveryRequests;

/**
 * Touch messages in: each becomes a delivery in one transaction (an in-app message lands in the
 * inbox right there). A record that is not a touch message is dead-lettered by the channel; a
 * database outage is waited out.
 */
@ApplicationScoped
public class TouchMessagesConsumer {

    static final String CONSUMER = "notification-service:touch-messages";

    private final Requests requests;
    private final DeliveryRequests deliveries;

    public TouchMessagesConsumer(Requests requests, DeliveryRequests deliveries) {
        this.requests = requests;
        this.deliveries = deliveries;
    }

    @Incoming(Channels.TOUCH_MESSAGES_IN)
    public Uni<Void> onTouchMessage(ConsumerRecord<String, String> record) {
        String value = record.value();
        return requests.apply(CONSUMER, record, (connection, envelope, traceParent) -> {
            if (!MessageTypes.TOUCH_MESSAGE.equals(envelope.type())) {
                throw new PoisonMessageException("not a touch message: " + envelope.type());
            }
            TouchMessage message = requests.payload(envelope, TouchMessage.class);
            if (!message.messageId().equals(envelope.id())) {
                throw new PoisonMessageException(
                        "messageId " + message.messageId() + " is not the envelope id " + envelope.id());
            }
            return deliveries.message(connection, envelope, value, message, traceParent);
        });
    }

}
