package io.touchline.ingest.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.touchline.ingest.messaging.IngestPipeline.IncomingEvent;
import io.touchline.messaging.Channels;
import io.touchline.messaging.DeadLetters;
import io.touchline.web.auth.ApiKeyLookup;
import io.touchline.web.auth.Caller;
import io.touchline.web.auth.Scope;

/**
 * The Kafka-native door: apps produce Segment-shaped JSON to {@code usage-events.raw}, one event
 * per record, with their write key in the {@code touchline-write-key} header. Each poll is judged
 * like an HTTP batch per tenant; valid events go to {@code usage-events}, invalid records to
 * {@code usage-events.raw.dlq} with the reason in headers. The poll is acknowledged (and its
 * offsets committed) only after both are acknowledged by Kafka. A transient failure (Kafka or the
 * database away) retries the whole poll: events already forwarded are then sent again, with the
 * same ids, and deduplicated downstream.
 */
@ApplicationScoped
public class RawEventsConsumer {

    public static final String WRITE_KEY_HEADER = "touchline-write-key";

    private static final Logger LOG = Logger.getLogger(RawEventsConsumer.class);
    private static final String SOURCE = "kafka";

    @Inject
    IngestPipeline pipeline;

    @Inject
    ApiKeyLookup keys;

    @Inject
    ObjectMapper mapper;

    @Inject
    @Channel(Channels.USAGE_EVENTS_RAW_DLQ_OUT)
    MutinyEmitter<String> deadLetters;

    /** A raw record that cannot become a usage event, and why. */
    record DeadLetter(ConsumerRecord<String, String> record, String reason) {
    }

    @Incoming(Channels.USAGE_EVENTS_RAW_IN)
    public Uni<Void> onRawEvents(ConsumerRecords<String, String> records) {
        // Only transient failures are retried; anything else fails the channel (readiness DOWN),
        // which beats retrying a bug forever while the poll's rejections pile up.
        return Uni.createFrom().deferred(() -> forward(records))
                .onFailure(IngestPipeline::isTransient)
                .invoke(failure -> LOG.warnf("Raw events not forwarded, retrying: %s", failure.toString()))
                .onFailure(IngestPipeline::isTransient).retry().withBackOff(Duration.ofMillis(500), Duration.ofSeconds(30))
                .indefinitely();
    }

    private Uni<Void> forward(ConsumerRecords<String, String> records) {
        Instant receivedAt = Instant.now();
        List<DeadLetter> dead = new ArrayList<>();
        Map<String, List<ConsumerRecord<String, String>>> byTenant = new LinkedHashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            Optional<Caller> caller = Optional.ofNullable(header(record, WRITE_KEY_HEADER)).flatMap(keys::lookup);
            if (caller.isEmpty()) {
                dead.add(new DeadLetter(record, "unauthorized: the " + WRITE_KEY_HEADER
                        + " header must carry a valid write key"));
            } else if (!caller.get().scopes().contains(Scope.INGEST)) {
                dead.add(new DeadLetter(record, "forbidden: the write key lacks the ingest scope"));
            } else {
                byTenant.computeIfAbsent(caller.get().tenantId(), t -> new ArrayList<>()).add(record);
            }
        }
        List<Uni<Void>> tenants = new ArrayList<>();
        byTenant.forEach((tenantId, tenantRecords) -> tenants.add(forwardTenant(tenantId, tenantRecords, receivedAt, dead)));
        Uni<Void> forwarded = tenants.isEmpty() ? Uni.createFrom().voidItem()
                : Uni.join().all(tenants).andFailFast().replaceWithVoid();
        return forwarded.flatMap(done -> deadLetter(dead));
    }

    private Uni<Void> forwardTenant(String tenantId, List<ConsumerRecord<String, String>> records, Instant receivedAt,
            List<DeadLetter> dead) {
        List<IncomingEvent> events = new ArrayList<>(records.size());
        List<ConsumerRecord<String, String>> parsed = new ArrayList<>(records.size());
        for (ConsumerRecord<String, String> record : records) {
            JsonNode json = parse(record.value());
            if (json == null) {
                synchronized (dead) {
                    dead.add(new DeadLetter(record, "not JSON: the value must be a Segment message"));
                }
            } else {
                events.add(new IncomingEvent(json, record.serializedValueSize(), parsed.size()));
                parsed.add(record);
            }
        }
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pipeline.ingest(tenantId, null, events, receivedAt, null, SOURCE).invoke(outcome -> {
            synchronized (dead) {
                outcome.rejected().forEach(r -> dead.add(new DeadLetter(parsed.get(r.index()), r.reason())));
            }
        }).replaceWithVoid();
    }

    private Uni<Void> deadLetter(List<DeadLetter> dead) {
        if (dead.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Uni<Void>> sends = dead.stream().map(this::send).toList();
        return Uni.join().all(sends).andFailFast().replaceWithVoid();
    }

    private Uni<Void> send(DeadLetter dead) {
        // A secret has no business on a dead-letter topic.
        return deadLetters.sendMessage(DeadLetters.of(dead.record(), dead.reason(), WRITE_KEY_HEADER));
    }

    private JsonNode parse(String value) {
        if (value == null) {
            return null;
        }
        try {
            return mapper.readTree(value);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
