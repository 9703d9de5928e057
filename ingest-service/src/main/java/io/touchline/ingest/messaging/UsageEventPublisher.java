package io.touchline.ingest.messaging;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.touchline.ingest.config.IngestConfig;
import io.touchline.messaging.Channels;
import io.touchline.messaging.Envelope;
import io.touchline.messaging.EnvelopeCodec;
import io.touchline.messaging.Topics;
import io.touchline.messaging.contract.ImportCompleted;
import io.touchline.messaging.contract.MessageTypes;
import io.touchline.messaging.tracing.TraceContext;

/**
 * Publishes usage events to {@code usage-events} and completes only when the broker acknowledged
 * every one (acks=all, idempotent producer), so an answer of "accepted" is never a guess.
 * <p>
 * A request's events go out in one hop to the producer's sending thread, with one completion for
 * all of them: per-event messages through the emitter cost more CPU than the rest of ingest. The
 * producer is the one Reactive Messaging configures and manages for the channel.
 */
@ApplicationScoped
public class UsageEventPublisher {

    /** Wires the channel, whose Kafka producer this class sends with. */
    @Inject
    @Channel(Channels.USAGE_EVENTS_OUT)
    MutinyEmitter<byte[]> channel;

    /** Wires the import lane's channel: its own producer, so a backfill never queues ahead of live events. */
    @Inject
    @Channel(Channels.USAGE_IMPORTS_OUT)
    MutinyEmitter<byte[]> importChannel;

    @Inject
    KafkaClientService kafka;

    @Inject
    EnvelopeCodec codec;

    @Inject
    IngestConfig config;

    @Inject
    MeterRegistry registry;

    /** Fails with the broker's error, or a timeout, unless every event was acknowledged. */
    public Uni<Void> publishAll(List<Envelope> envelopes) {
        return publishAll(Topics.USAGE_EVENTS, envelopes);
    }

    /** The same to {@code topic}: {@code usage-events}, or {@code usage-imports} for history. */
    public Uni<Void> publishAll(String topic, List<Envelope> envelopes) {
        if (envelopes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Timer timer = publishTimer();
        // The request's trace context, when tracing is on, so one trace follows its events downstream.
        String traceParent = TraceContext.current();
        List<ProducerRecord<String, byte[]>> records = envelopes.stream().map(e -> {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, e.key(), codec.encodeBytes(e));
            TraceContext.put(record.headers(), traceParent);
            return record;
        }).toList();
        return Uni.createFrom().<Void> emitter(emitter -> send(topic, records, emitter, System.nanoTime(), timer))
                .ifNoItem().after(config.publishTimeout()).fail();
    }

    /**
     * Ends an import: its end marker to every partition of {@code usage-imports}, after the events
     * this producer sent before, so scoring has read all of them once it saw every marker.
     */
    public Uni<Void> endImport(String tenantId, String importId, Instant at) {
        List<ProducerRecord<String, byte[]>> records = new java.util.ArrayList<>();
        for (int p = 0; p < Topics.PARTITIONS; p++) {
            ImportCompleted marker = new ImportCompleted(importId, Topics.PARTITIONS);
            records.add(new ProducerRecord<>(Topics.USAGE_IMPORTS, p, Envelope.key(tenantId, importId),
                    codec.encodeBytes(new EnvelopeCodec.Typed<>(importId + ":end:" + p, MessageTypes.IMPORT_COMPLETED,
                            tenantId, importId, at, at, marker))));
        }
        Timer timer = publishTimer();
        return Uni.createFrom()
                .<Void> emitter(emitter -> send(Topics.USAGE_IMPORTS, records, emitter, System.nanoTime(), timer))
                .ifNoItem().after(config.publishTimeout()).fail();
    }

    private Timer publishTimer() {
        return Timer.builder("touchline.ingest.publish")
                .description("From handing a request's events to the producer to Kafka acknowledging all of them")
                .publishPercentileHistogram().register(registry);
    }

    private void send(String topic, List<ProducerRecord<String, byte[]>> records, UniEmitter<? super Void> done, long start,
            Timer timer) {
        AtomicInteger pending = new AtomicInteger(records.size());
        AtomicBoolean failed = new AtomicBoolean();
        kafka.<String, byte[]> getProducer(
                Topics.USAGE_IMPORTS.equals(topic) ? Channels.USAGE_IMPORTS_OUT : Channels.USAGE_EVENTS_OUT)
                .runOnSendingThread(producer -> {
                    for (ProducerRecord<String, byte[]> record : records) {
                        producer.send(record, (metadata, error) -> {
                            if (error != null) {
                                if (failed.compareAndSet(false, true)) {
                                    done.fail(error);
                                }
                            } else if (pending.decrementAndGet() == 0 && !failed.get()) {
                                timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                                done.complete(null);
                            }
                        });
                    }
                }).subscribe().with(sent -> {
                }, error -> {
                    // send() itself threw (the producer is closed, or its buffer stayed full past max.block.ms).
                    if (failed.compareAndSet(false, true)) {
                        done.fail(error);
                    }
                });
    }
}
