package io.touchline.ingest.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.touchline.ingest.config.IngestConfig;
import io.touchline.messaging.Channels;
import io.touchline.messaging.Envelope;
import io.touchline.messaging.EnvelopeCodec;

/**
 * Publishes usage events to {@code usage-events} and completes only when the broker acknowledged
 * the write (acks=all, idempotent producer), so an answer of "accepted" is never a guess.
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

    /** Fails with the broker's error, or a timeout, when the event was not acknowledged. */
    public Uni<Void> publish(Envelope envelope) {
        Message<String> message = Message.of(codec.encode(envelope)).addMetadata(
                OutgoingKafkaRecordMetadata.<String> builder().withKey(envelope.key()).build());
        return Uni.createFrom().deferred(() -> emitter.sendMessage(message))
                .ifNoItem().after(config.publishTimeout()).fail();
    }
}
