package io.touchline.notification.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.mutiny.Uni;
import io.touchline.messaging.Channels;
import io.touchline.messaging.PoisonMessageException;
import io.touchline.messaging.contract.CsTask;
import io.touchline.messaging.contract.MessageTypes;
import io.touchline.notification.application.DeliveryRequests;

/** Task events in: a created task becomes a notification of its owner; other changes are read and let go. */
@ApplicationScoped
public class CsTasksConsumer {

    static final String CONSUMER = "notification-service:cs-tasks";

    private final Requests requests;
    private final DeliveryRequests deliveries;

    public CsTasksConsumer(Requests requests, DeliveryRequests deliveries) {
        this.requests = requests;
        this.deliveries = deliveries;
    }

    @Incoming(Channels.CS_TASKS_IN)
    public Uni<Void> onTaskEvent(ConsumerRecord<String, String> record) {
        String value = record.value();
        return requests.apply(CONSUMER, record, (connection, envelope, traceParent) -> {
            if (!MessageTypes.CS_TASK_CREATED.equals(envelope.type()) && !MessageTypes.CS_TASK_UPDATED.equals(envelope.type())
                    && !MessageTypes.CS_TASK_COMPLETED.equals(envelope.type())) {
                throw new PoisonMessageException("not a task event: " + envelope.type());
            }
            return deliveries.task(connection, envelope, value, requests.payload(envelope, CsTask.class), traceParent);
        });
    }
}
