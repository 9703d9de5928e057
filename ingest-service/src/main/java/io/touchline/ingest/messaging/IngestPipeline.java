package io.touchline.ingest.messaging;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.touchline.ingest.config.IngestConfig;
import io.touchline.ingest.domain.SegmentEvents;
import io.touchline.ingest.domain.SegmentEvents.Membership;
import io.touchline.ingest.domain.Violation;
import io.touchline.ingest.store.MembershipStore;
import io.touchline.ingest.store.RejectionStore;
import io.touchline.ingest.store.RejectionStore.Rejection;
import io.touchline.messaging.Envelope;
import io.touchline.messaging.TransientFailures;

/**
 * Takes events from any door (HTTP, the raw topic) to {@code usage-events}: attribute and
 * validate each, remember what group calls teach, keep what was rejected, publish the rest and
 * wait for Kafka's acknowledgement. Events of one request are judged in order, so a group call
 * attributes the events after it in the same batch.
 */
@ApplicationScoped
public class IngestPipeline {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(IngestPipeline.class);

    /** One event as it arrived. */
    public record IncomingEvent(JsonNode json, int sizeBytes, Integer batchIndex) {
    }

    /** A rejected event as the caller reports it. */
    public record Rejected(Integer index, String messageId, List<Violation> reasons) {

        public String reason() {
            return String.join("; ", reasons.stream().map(v -> v.field().isEmpty() ? v.message()
                    : v.field() + ": " + v.message()).toList());
        }
    }

    /** What became of a request's events. */
    public record Outcome(int accepted, List<Rejected> rejected, List<Envelope> published) {
    }

    /**
     * Where accepted events go: live to {@code usage-events}, or, as part of an import of history,
     * to {@code usage-imports}, each marked historical and naming its import (docs/backfill.md).
     *
     * @param actionsFrom signals scoring raises for moments from here on may act (null: none)
     */
    public record Lane(String importId, java.time.Instant actionsFrom) {

        public static final Lane LIVE = new Lane(null, null);

        String topic() {
            return importId == null ? io.touchline.messaging.Topics.USAGE_EVENTS : io.touchline.messaging.Topics.USAGE_IMPORTS;
        }

        void mark(Envelope envelope) {
            if (importId != null && envelope.payload() instanceof ObjectNode payload) {
                payload.put("historical", true);
                payload.put("importId", importId);
                if (actionsFrom != null) {
                    payload.put("actionsFrom", actionsFrom.toString());
                }
            }
        }
    }

    /** Too many events are waiting for Kafka; the caller should come back later. */
    public static class OverloadedException extends RuntimeException {
        OverloadedException() {
            super("too many events are waiting for Kafka's acknowledgement");
        }
    }

    private final MembershipStore memberships;
    private final RejectionStore rejections;
    private final UsageEventPublisher publisher;
    private final IngestConfig config;
    private final IngestMetrics metrics;
    private final Semaphore inflight;

    public IngestPipeline(MembershipStore memberships, RejectionStore rejections, UsageEventPublisher publisher,
            IngestConfig config, MeterRegistry registry) {
        this.memberships = memberships;
        this.rejections = rejections;
        this.publisher = publisher;
        this.config = config;
        this.metrics = new IngestMetrics(registry);
        if (config.maxInflightEvents() < config.maxBatchEvents()) {
            throw new IllegalStateException("touchline.ingest.max-inflight-events must be at least max-batch-events, "
                    + "or a full batch could never be accepted");
        }
        this.inflight = new Semaphore(config.maxInflightEvents());
    }

    /**
     * @param call the Segment call of a single-event endpoint, or null for batch elements
     * @param source where the events came from: {@code http} or {@code kafka}
     * @return accepted and rejected events; fails when Kafka did not acknowledge every accepted
     *         event, in which case none may be claimed as accepted
     */
    public Uni<Outcome> ingest(String tenantId, String call, List<IncomingEvent> events, Instant receivedAt,
            Instant batchSentAt, String source) {
        return ingest(tenantId, call, events, receivedAt, batchSentAt, source, Lane.LIVE);
    }

    /** The same, for a key that may not set the given account traits ({@code KeyPolicy}). */
    public Uni<Outcome> ingest(String tenantId, String call, List<IncomingEvent> events, Instant receivedAt,
            Instant batchSentAt, String source, Set<String> forbiddenTraits) {
        return ingest(tenantId, call, events, receivedAt, batchSentAt, source, Lane.LIVE, forbiddenTraits);
    }

    /** The same, to the given lane. */
    public Uni<Outcome> ingest(String tenantId, String call, List<IncomingEvent> events, Instant receivedAt,
            Instant batchSentAt, String source, Lane lane) {
        return ingest(tenantId, call, events, receivedAt, batchSentAt, source, lane, Set.of());
    }

    private Uni<Outcome> ingest(String tenantId, String call, List<IncomingEvent> events, Instant receivedAt,
            Instant batchSentAt, String source, Lane lane, Set<String> forbiddenTraits) {
        metrics.request(source, events);
        Set<String> unattributed = new HashSet<>();
        for (IncomingEvent event : events) {
            if (event.json() instanceof ObjectNode object && !namesAccount(object) && object.path("userId").isTextual()) {
                unattributed.add(object.get("userId").asText());
            }
        }
        return memberships.accountsOf(tenantId, unattributed)
                .flatMap(known -> judge(tenantId, call, events, receivedAt, batchSentAt, source, known, lane,
                        forbiddenTraits));
    }

    private Uni<Outcome> judge(String tenantId, String call, List<IncomingEvent> events, Instant receivedAt,
            Instant batchSentAt, String source, Map<String, Set<String>> known, Lane lane, Set<String> forbiddenTraits) {
        Map<String, Set<String>> accounts = new HashMap<>(known);
        SegmentEvents.Limits limits = new SegmentEvents.Limits(config.maxEventBytes(), config.maxFuture(),
                config.historicalAfter());
        SegmentEvents.Context context = new SegmentEvents.Context(tenantId, receivedAt, batchSentAt, limits,
                userId -> accounts.getOrDefault(userId, Set.of()), forbiddenTraits);

        List<Envelope> accepted = new ArrayList<>();
        List<Membership> learnt = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        List<Rejection> toKeep = new ArrayList<>();
        for (IncomingEvent event : events) {
            SegmentEvents.Result result = judgeOne(call, event, context);
            if (result.accepted()) {
                lane.mark(result.envelope());
                accepted.add(result.envelope());
                if (result.membership() != null) {
                    learnt.add(result.membership());
                    accounts.merge(result.membership().userId(), Set.of(result.membership().accountId()),
                            IngestPipeline::union);
                }
            } else {
                rejected.add(new Rejected(event.batchIndex(), result.messageId(), result.violations()));
                toKeep.add(new Rejection(tenantId, receivedAt, source, event.batchIndex(), result.messageId(),
                        result.violations(), event.json().toString()));
            }
        }
        metrics.judged(tenantId, source, accepted.size(), rejected);

        int permits = accepted.size();
        if (permits > 0 && !inflight.tryAcquire(permits)) {
            metrics.overloaded(tenantId, source, permits);
            return rejections.record(toKeep).onItem()
                    .<Outcome> transformToUni(done -> Uni.createFrom().failure(new OverloadedException()));
        }
        // Memberships first: a publish that fails is retried by the client, and remembering a
        // membership twice changes nothing; the other order could lose one.
        return memberships.remember(tenantId, learnt, receivedAt)
                .flatMap(done -> rejections.record(toKeep))
                .flatMap(done -> publisher.publishAll(lane.topic(), accepted))
                .onTermination().invoke(() -> inflight.release(permits))
                .replaceWith(() -> new Outcome(accepted.size(), List.copyOf(rejected), List.copyOf(accepted)));
    }

    /** Mirrors SegmentEvents: a blank group id names nothing. */
    /** One event's verdict; an event that breaks the judging itself is rejected, never the request. */
    private static SegmentEvents.Result judgeOne(String call, IncomingEvent event, SegmentEvents.Context context) {
        if (!(event.json() instanceof ObjectNode object)) {
            return new SegmentEvents.Result(null, List.of(new Violation("", "object", "an event must be a JSON object")),
                    null, null);
        }
        try {
            return SegmentEvents.normalize(call, object, event.sizeBytes(), context);
        } catch (RuntimeException e) {
            LOG.warnf(e, "Could not judge an event; rejecting it");
            return new SegmentEvents.Result(null, List.of(new Violation("", "readable",
                    "the event could not be read: " + e.getClass().getSimpleName())), null, null);
        }
    }

    /** Kafka or the database away or slow, or too many events waiting: worth retrying later. */
    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OverloadedException || t instanceof org.apache.kafka.common.KafkaException) {
                return true;
            }
        }
        return TransientFailures.isTransient(failure);
    }

    private static boolean namesAccount(JsonNode event) {
        return !event.path("groupId").asText("").isBlank() || !event.path("context").path("groupId").asText("").isBlank();
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> merged = new HashSet<>(a);
        merged.addAll(b);
        return Set.copyOf(merged);
    }
}
