package io.touchline.notification.messaging;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.touchline.messaging.Envelope;
import io.touchline.messaging.EnvelopeCodec;
import io.touchline.messaging.PoisonMessageException;
import io.touchline.messaging.Polls;
import io.touchline.messaging.outbox.OutboxRelay;
import io.touchline.messaging.tracing.TraceContext;
import io.touchline.notification.application.DeliveryWorker;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Applies one consumed request in one transaction: decoded first (a record that does not decode
 * is poison, for the channel to dead-letter), retried while the database is away, acknowledged
 * after commit.
 */
@ApplicationScoped
class Requests {

    private static final Logger LOG = Logger.getLogger(Requests.class);

    /**
     * A request's effect; true when the request was new, false for a redelivery. The trace context
     * is the one its deliveries pass on, null when not traced.
     */
    @FunctionalInterface
    interface Effect {
        Uni<Boolean> apply(SqlConnection connection, Envelope envelope, String traceParent);
    }

    private final Pool pool;
    private final EnvelopeCodec codec;
    private final MeterRegistry registry;
    private final Instance<OutboxRelay> relay;
    private final DeliveryWorker worker;
    private final TraceContext tracing;

    Requests(Pool pool, EnvelopeCodec codec, MeterRegistry registry, Instance<OutboxRelay> relay, DeliveryWorker worker,
            TraceContext tracing) {
        this.pool = pool;
        this.tracing = tracing;
        this.codec = codec;
        this.registry = registry;
        this.relay = relay;
        this.worker = worker;
    }

    Uni<Void> apply(String consumer, ConsumerRecord<String, String> record, Effect effect) {
        Envelope envelope;
        try {
            envelope = codec.decode(record.value());
        } catch (PoisonMessageException e) {
            LOG.warnf("A record that is not an envelope goes to the dead-letter topic: %s", e.getMessage());
            count(consumer, "poison");
            return Uni.createFrom().failure(e);
        }
        String traceParent = tracing.hop("request " + record.topic(), TraceContext.header(record.headers()),
                Instant.ofEpochMilli(record.timestamp()));
        Context context = Vertx.currentContext();
        return Polls.retryingTransient(context == null ? Runnable::run : task -> context.runOnContext(x -> task.run()),
                () -> pool.withTransaction(connection -> effect.apply(connection, envelope, traceParent)))
                .onItemOrFailure().invoke((fresh, failure) -> {
                    if (failure != null) {
                        LOG.warnf("%s %s goes to the dead-letter topic: %s", envelope.type(), envelope.id(),
                                failure.getMessage());
                        count(consumer, failure instanceof PoisonMessageException ? "poison" : "failed");
                        return;
                    }
                    count(consumer, fresh ? "applied" : "duplicate");
                    if (fresh) {
                        // A delivery that failed on arrival queued its dead letter in the outbox.
                        if (relay.isResolvable()) {
                            relay.get().wake();
                        }
                        worker.wake();
                    }
                })
                .replaceWithVoid();
    }

    private void count(String consumer, String outcome) {
        registry.counter("touchline.messages.consumed", "consumer", consumer, "outcome", outcome).increment();
    }

    <T> T payload(Envelope envelope, Class<T> type) {
        return codec.payload(envelope, type);
    }
}
