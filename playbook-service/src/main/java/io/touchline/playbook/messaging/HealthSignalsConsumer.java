package io.touchline.playbook.messaging;

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
import io.touchline.messaging.Topics;
import io.touchline.messaging.contract.HealthSignal;
import io.touchline.messaging.contract.MessageTypes;
import io.touchline.messaging.contract.TouchMessage;
import io.touchline.messaging.outbox.Outbox;
import io.touchline.playbook.domain.PlaybookPlan;
import io.touchline.playbook.domain.Playbooks;
import io.touchline.playbook.store.CsmTask;

/** Turns health signals into CSM tasks and touch messages, in one transaction per signal. */
@ApplicationScoped
public class HealthSignalsConsumer {

    static final String CONSUMER = "playbook-service";

    private final IdempotentConsumer consumer;
    private final Outbox outbox;
    private final EnvelopeCodec codec;

    public HealthSignalsConsumer(IdempotentConsumer consumer, Outbox outbox, EnvelopeCodec codec) {
        this.consumer = consumer;
        this.outbox = outbox;
        this.codec = codec;
    }

    @Incoming(Channels.HEALTH_SIGNALS_IN)
    public Uni<Void> onHealthSignal(String value) {
        return consumer.consume(CONSUMER, value, this::apply);
    }

    Uni<Void> apply(Mutiny.Session session, Envelope envelope) {
        if (!MessageTypes.HEALTH_SIGNAL.equals(envelope.type())) {
            throw new PoisonMessageException("not a health signal: " + envelope.type());
        }
        HealthSignal signal = codec.payload(envelope, HealthSignal.class);
        return Playbooks.planFor(signal)
                .map(plan -> execute(session, envelope, signal, plan))
                .orElseGet(() -> Uni.createFrom().voidItem());
    }

    private Uni<Void> execute(Mutiny.Session session, Envelope envelope, HealthSignal signal, PlaybookPlan plan) {
        Instant now = Instant.now();
        CsmTask task = new CsmTask();
        task.id = Playbooks.taskId(signal.signalId());
        task.tenantId = envelope.tenantId();
        task.accountId = envelope.accountId();
        task.signalId = signal.signalId();
        task.signalType = signal.signalType();
        task.title = plan.taskTitle();
        task.status = "open";
        task.priority = plan.priority();
        task.createdAt = now;
        task.dueAt = now.plus(plan.dueIn());
        Uni<Void> persisted = task.persist().replaceWithVoid();
        if (signal.userId() == null) {
            return persisted;
        }
        TouchMessage message = new TouchMessage(Playbooks.messageId(signal.signalId(), TouchMessage.IN_APP),
                TouchMessage.IN_APP, signal.userId(), plan.messageTitle(), plan.messageBody(), task.id);
        Envelope out = new Envelope(message.messageId(), MessageTypes.TOUCH_MESSAGE, envelope.tenantId(),
                envelope.accountId(), envelope.eventTime(), now, codec.toTree(message));
        return persisted.flatMap(done -> outbox.add(session, Topics.TOUCH_MESSAGES, out));
    }
}
