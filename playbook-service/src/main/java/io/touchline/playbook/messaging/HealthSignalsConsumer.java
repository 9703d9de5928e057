package io.touchline.playbook.messaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.touchline.messaging.Channels;
import io.touchline.messaging.DeadLetters;
import io.touchline.messaging.EnvelopeCodec;
import io.touchline.messaging.PoisonMessageException;
import io.touchline.messaging.Polls;
import io.touchline.messaging.Topics;
import io.touchline.messaging.contract.HealthSignal;
import io.touchline.messaging.contract.MessageTypes;
import io.touchline.messaging.outbox.OutboxRelay;
import io.touchline.messaging.tracing.TraceContext;
import io.touchline.playbook.application.PlaybookMetrics;
import io.touchline.playbook.application.SignalHandling;
import io.touchline.playbook.domain.SignalFacts;
import io.touchline.playbook.store.SignalStore;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Where health signals enter: a poll at a time, decoded here and applied by
 * {@link SignalHandling} in one transaction. A record that is not a health signal goes to
 * {@code health-signals.dlq} at once; a poll that fails otherwise goes again one signal per
 * transaction, so only the signal that cannot be applied is dead-lettered; a database outage
 * is waited out. The poll is acknowledged, and its offsets committed, after the commit and after
 * its dead letters reached the broker.
 */
@ApplicationScoped
public class HealthSignalsConsumer {

    private static final Logger LOG = Logger.getLogger(HealthSignalsConsumer.class);

    /** A decoded record. */
    record Item(ConsumerRecord<String, byte[]> record, SignalHandling.Incoming incoming) {
    }

    private final SignalHandling handling;
    private final EnvelopeCodec codec;
    private final MutinyEmitter<byte[]> deadLetters;
    private final Instance<OutboxRelay> relay;
    private final PlaybookMetrics metrics;
    private final ObjectReader signalReader;

    private final TraceContext tracing;

    public HealthSignalsConsumer(SignalHandling handling, EnvelopeCodec codec, ObjectMapper mapper,
            // A poll's dead letters are sent at once, before any acknowledgement; the poll's size bounds them.
            @Channel(Channels.HEALTH_SIGNALS_DLQ_OUT) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) MutinyEmitter<byte[]> deadLetters,
            Instance<OutboxRelay> relay, PlaybookMetrics metrics, TraceContext tracing) {
        this.handling = handling;
        this.tracing = tracing;
        this.codec = codec;
        this.deadLetters = deadLetters;
        this.relay = relay;
        this.metrics = metrics;
        this.signalReader = mapper.readerFor(HealthSignal.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    @Incoming(Channels.HEALTH_SIGNALS_IN)
    public Uni<Void> onHealthSignals(ConsumerRecords<String, byte[]> records) {
        Context context = Vertx.currentContext();
        Executor lane = context == null ? Runnable::run : task -> context.runOnContext(x -> task.run());
        List<Item> items = new ArrayList<>(records.count());
        List<ConsumerRecord<String, byte[]>> poison = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                items.add(new Item(record, decode(record)));
            } catch (PoisonMessageException e) {
                poison.add(record);
                reasons.add("poison: " + e.getMessage());
            }
        }
        return Polls.applyAllOrEach(lane, items, this::apply, (item, failure) -> {
            LOG.errorf(failure, "Signal %s cannot be applied; it goes to the dead-letter topic",
                    item.incoming().row().signalId());
            poison.add(item.record());
            reasons.add("failed: " + failure);
        })
                .map(SignalHandling.Result::sum)
                .call(result -> DeadLetters.send(deadLetters, poison, reasons))
                .invoke(result -> {
                    Instant committed = Instant.now();
                    if (!result.decisions().isEmpty() && relay.isResolvable()) {
                        relay.get().wake();
                    }
                    metrics.polled(result, poison.size(),
                            result.fresh().stream().map(in -> in.row().publishedAt()).toList(), committed);
                })
                .replaceWithVoid();
    }

    private Uni<SignalHandling.Result> apply(List<Item> items) {
        return handling.apply(items.stream().map(Item::incoming).toList());
    }

    /** A signal read in one pass from the record's bytes, with where its payload lies in them. */
    private record Read(HealthSignal signal, int payloadStart, int payloadEnd) {
    }

    private SignalHandling.Incoming decode(ConsumerRecord<String, byte[]> record) {
        byte[] value = record.value();
        EnvelopeCodec.Typed<Read> envelope = codec.decode(value, this::readPayload);
        if (!MessageTypes.HEALTH_SIGNAL.equals(envelope.type())) {
            throw new PoisonMessageException("not a health signal: " + envelope.type());
        }
        HealthSignal signal = envelope.payload().signal();
        if (signal.band() == null || !HealthSignal.BANDS.contains(signal.band())) {
            throw new PoisonMessageException("band must be one of " + HealthSignal.BANDS + ", was " + signal.band());
        }
        if (!signal.signalId().equals(envelope.id())) {
            throw new PoisonMessageException("signalId " + signal.signalId() + " is not the envelope id " + envelope.id());
        }
        SignalFacts facts = SignalFacts.of(envelope.tenantId(), envelope.accountId(), envelope.eventTime(), signal);
        HealthSignal.Snapshot snapshot = signal.snapshot();
        // The payload is stored as it came, its bytes cut out of the record: not written again.
        String payload = new String(value, envelope.payload().payloadStart(),
                envelope.payload().payloadEnd() - envelope.payload().payloadStart(), StandardCharsets.UTF_8);
        SignalStore.Received row = new SignalStore.Received(envelope.tenantId(), signal.signalId(), envelope.accountId(),
                signal.signalType(), envelope.eventTime(), Instant.ofEpochMilli(record.timestamp()), signal.score(),
                signal.band(), facts.tier(), facts.stage(), snapshot == null ? null : snapshot.churnProbability(),
                snapshot == null ? null : snapshot.churnLevel(), signal.reason(), payload);
        String traceParent = tracing.hop("decide " + Topics.HEALTH_SIGNALS, TraceContext.header(record.headers()),
                Instant.ofEpochMilli(record.timestamp()));
        return new SignalHandling.Incoming(row, facts, traceParent, signal.historical());
    }

    private Read readPayload(JsonParser parser) throws IOException {
        int start = (int) parser.currentTokenLocation().getByteOffset();
        HealthSignal signal;
        try {
            signal = signalReader.readValue(parser);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new PoisonMessageException("payload of health.signal does not fit HealthSignal: " + e.getMessage(), e);
        }
        return new Read(signal, start, (int) parser.currentLocation().getByteOffset());
    }
}
