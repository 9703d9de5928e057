package io.touchline.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.touchline.messaging.inbox.Inbox;
import io.touchline.messaging.outbox.OutboxRelay;

/**
 * Applies a consumed message exactly once in effect: decode the envelope, then in one database
 * transaction record its id in the inbox and apply the effect (which may queue messages in the
 * outbox). A redelivered message is skipped. Failures are sorted three ways:
 * <ul>
 * <li>poison (undecodable, breaks the contract): fail at once, so the channel dead-letters it;</li>
 * <li>transient (database away): retried with backoff for as long as it lasts, never
 * dead-lettered; readiness reports the database DOWN meanwhile;</li>
 * <li>anything else: retried a few times, then dead-lettered so the partition moves on.</li>
 * </ul>
 * The returned Uni completes after commit; the channel acknowledges (and so commits the offset)
 * only then.
 */
@ApplicationScoped
public class IdempotentConsumer {

    private static final Logger LOG = Logger.getLogger(IdempotentConsumer.class);
    private static final int NON_TRANSIENT_ATTEMPTS = 3;

    /** The effect of one message, run inside the inbox transaction. */
    @FunctionalInterface
    public interface Effect {
        Uni<Void> apply(Mutiny.Session session, Envelope envelope);
    }

    private final EnvelopeCodec codec;
    private final Inbox inbox;
    private final Instance<OutboxRelay> relay;
    private final MeterRegistry registry;

    public IdempotentConsumer(EnvelopeCodec codec, Inbox inbox, Instance<OutboxRelay> relay, MeterRegistry registry) {
        this.codec = codec;
        this.inbox = inbox;
        this.relay = relay;
        this.registry = registry;
    }

    public Uni<Void> consume(String consumer, String value, Effect effect) {
        Envelope envelope;
        try {
            envelope = codec.decode(value);
        } catch (PoisonMessageException e) {
            count(consumer, "poison");
            return Uni.createFrom().failure(e);
        }
        return Uni.createFrom().deferred(() -> Panache.withTransaction(() -> Panache.getSession()
                .flatMap(session -> inbox.recordFirstDelivery(session, consumer, envelope.id())
                        .flatMap(first -> first
                                ? effect.apply(session, envelope).replaceWith(Outcome.APPLIED)
                                : Uni.createFrom().item(Outcome.DUPLICATE)))))
                .onFailure(TransientFailures::isTransient).invoke(
                        failure -> LOG.warnf("%s: transient failure on %s, retrying: %s", consumer, envelope.id(), failure))
                .onFailure(TransientFailures::isTransient).retry()
                .withBackOff(TransientFailures.FIRST_BACKOFF, TransientFailures.MAX_BACKOFF).indefinitely()
                .onFailure(failure -> !(failure instanceof PoisonMessageException)).retry()
                .withBackOff(TransientFailures.FIRST_BACKOFF, TransientFailures.MAX_BACKOFF).atMost(NON_TRANSIENT_ATTEMPTS - 1)
                .onItemOrFailure().invoke((outcome, failure) -> {
                    if (failure instanceof PoisonMessageException) {
                        count(consumer, "poison");
                        LOG.warnf("%s: %s is poison (%s); it goes to the dead-letter topic", consumer, envelope.id(),
                                failure.getMessage());
                        return;
                    }
                    if (failure != null) {
                        count(consumer, "failed");
                        LOG.errorf(failure, "%s: giving up on %s; it goes to the dead-letter topic", consumer, envelope.id());
                        return;
                    }
                    count(consumer, outcome.tag);
                    if (outcome == Outcome.APPLIED && relay.isResolvable()) {
                        relay.get().wake();
                    }
                })
                .replaceWithVoid();
    }

    private void count(String consumer, String outcome) {
        registry.counter("touchline.messages.consumed", "consumer", consumer, "outcome", outcome).increment();
    }

    private enum Outcome {
        APPLIED("applied"),
        DUPLICATE("duplicate");

        final String tag;

        Outcome(String tag) {
            this.tag = tag;
        }
    }
}
