package io.touchline.ingest.messaging;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.touchline.ingest.config.IngestConfig;
import io.touchline.messaging.Channels;
import io.touchline.messaging.Envelope;
import io.touchline.messaging.EnvelopeCodec;

/**
 * Publishes usage events to {@code usage-events} and completes only when the broker acknowledged
 * every one (acks=all, idempotent producer), so an answer of "accepted" is never a guess.
 */
@ApplicationScoped
public class UsageEventPublisher {

    @Inject
    @Channel(Channels.USAGE_EVENTS_OUT)
    MutinyEmitter<String> emitter;

    @Inject
    EnvelopeCodec codec;

    @Inject
    IngestConfig config;

    @Inject
    MeterRegistry registry;

    /** Fails with the broker's error, or a timeout, unless every event was acknowledged. */
    public Uni<Void> publishAll(List<Envelope> envelopes) {
        if (envelopes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Timer timer = Timer.builder("touchline.ingest.publish")
                .description("From handing a request's events to the producer to Kafka acknowledging all of them")
                .publishPercentileHistogram().register(registry);
        return Uni.createFrom().deferred(() -> {
            long start = System.nanoTime();
            List<Uni<Void>> sends = envelopes.stream().map(this::send).toList();
            return Uni.join().all(sends).andFailFast()
                    .invoke(acked -> timer.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS));
        }).ifNoItem().after(config.publishTimeout()).fail().replaceWithVoid();
    }

    private Uni<Void> send(Envelope envelope) {
        return emitter.sendMessage(Message.of(codec.encode(envelope)).addMetadata(
                OutgoingKafkaRecordMetadata.<String> builder().withKey(envelope.key()).build()));
    }
}
