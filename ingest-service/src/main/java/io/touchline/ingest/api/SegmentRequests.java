package io.touchline.ingest.api;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import io.touchline.ingest.config.IngestConfig;
import io.touchline.ingest.domain.KeyPolicy;
import io.touchline.ingest.domain.Violation;
import io.touchline.ingest.messaging.IngestPipeline;
import io.touchline.ingest.messaging.IngestPipeline.IncomingEvent;
import io.touchline.ingest.messaging.IngestPipeline.Outcome;
import io.touchline.web.Problem;
import io.touchline.web.ProblemException;

/**
 * Reading Segment requests and answering them, for every door that takes them (live tracking,
 * historical import): bodies within the limits, batches with their shared context, and the
 * failures a client should retry.
 */
@ApplicationScoped
public class SegmentRequests {

    private static final Logger LOG = Logger.getLogger(SegmentRequests.class);

    /** Events that came over HTTP, live. */
    static final String SOURCE = "http";

    private final ObjectMapper mapper;
    private final IngestConfig config;
    private final IngestPipeline pipeline;

    public SegmentRequests(ObjectMapper mapper, IngestConfig config, IngestPipeline pipeline) {
        this.mapper = mapper;
        this.config = config;
        this.pipeline = pipeline;
    }

    /**
     * A batch request's events, each with the batch's context under its own, and its sentAt.
     *
     * @param writeKey the key browser SDKs send in the body (the batch's, else its first event's), or null
     */
    public record ParsedBatch(List<IncomingEvent> events, Instant sentAt, String writeKey) {

        /** How many events it carries, as rate limits count them. */
        public int size() {
            return events == null ? 0 : events.size();
        }

        /**
         * The events; a body without a batch array answers 400 here, once the caller is known, so
         * that a request without a valid key is a 401 whatever its body.
         */
        public List<IncomingEvent> requireEvents() {
            if (events == null) {
                throw ProblemException.invalidField("batch", "required", "must be an array of events");
            }
            return events;
        }
    }

    /**
     * Reads a Segment batch request; a body that is not one answers 400, one over the limits 413,
     * one in an encoding other than gzip or deflate 415.
     *
     * @param encoding the request's {@code Content-Encoding}, or null
     */
    public ParsedBatch parseBatch(byte[] body, String encoding) {
        body = decode(body, encoding);
        BatchReader.Batch batch;
        try {
            batch = BatchReader.read(mapper, body, config.maxBatchEvents());
        } catch (BatchReader.TooManyEvents e) {
            throw ProblemException.tooLarge("A batch may hold at most " + config.maxBatchEvents() + " events",
                    new Problem.FieldError("batch", "max-items", "at most " + config.maxBatchEvents() + " events"));
        } catch (JsonProcessingException e) {
            throw ProblemException.invalid("The request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ProblemException.invalid("The request body could not be read: " + e.getMessage());
        }
        if (!batch.isObject()) {
            throw ProblemException.invalid("The request body must be a JSON object");
        }
        String bodyKey = batch.writeKey() != null && batch.writeKey().isTextual() ? batch.writeKey().asText() : null;
        if (batch.events() == null) {
            return new ParsedBatch(null, null, bodyKey);
        }
        Instant sentAt = instant(batch.sentAt(), "sentAt");
        List<IncomingEvent> events = new ArrayList<>(batch.events().size());
        for (BatchReader.Element element : batch.events()) {
            if (element.json() instanceof ObjectNode object && batch.context() instanceof ObjectNode shared) {
                inheritContext(object, shared);
            }
            events.add(new IncomingEvent(element.json(), element.sizeBytes(), events.size()));
        }
        String writeKey = bodyKey != null ? bodyKey : events.isEmpty() ? null : writeKeyOf(events.get(0).json());
        return new ParsedBatch(events, sentAt, writeKey);
    }

    /** The {@code writeKey} a browser SDK puts in an event, or null. */
    public static String writeKeyOf(JsonNode event) {
        JsonNode key = event.get("writeKey");
        return key != null && key.isTextual() ? key.asText() : null;
    }

    public static SegmentResource.BatchResponse toResponse(Outcome outcome) {
        return new SegmentResource.BatchResponse(true, outcome.accepted(), outcome.rejected().stream()
                .map(r -> new SegmentResource.RejectedEvent(r.index(), r.messageId(), r.reason(), r.reasons()))
                .toList());
    }

    /**
     * 429 when too many events wait for Kafka, 503 when Kafka or the database did not answer;
     * anything else is a bug, answered 500 with an incident id, never a 503 a client would retry
     * forever.
     */
    public Throwable unavailable(Throwable failure) {
        int retryAfter = (int) config.retryAfter().toSeconds();
        if (failure instanceof IngestPipeline.OverloadedException) {
            return ProblemException.tooManyRequests("Too many events are waiting to be stored; none of this "
                    + "request's were accepted. Retry later.", retryAfter);
        }
        if (!IngestPipeline.isTransient(failure)) {
            return failure;
        }
        LOG.warnf("Events not stored, answering 503: %s", failure.toString());
        return ProblemException.unavailable("The event store did not acknowledge the events; none of this "
                + "request's were accepted. Retry later.", retryAfter);
    }

    /** The batch's context applies to each event, under what the event sets itself. */
    private static void inheritContext(ObjectNode event, ObjectNode shared) {
        JsonNode own = event.get("context");
        if (own == null || own.isNull()) {
            event.set("context", shared.deepCopy());
        } else if (own instanceof ObjectNode ownContext) {
            shared.fields().forEachRemaining(field -> {
                if (!ownContext.has(field.getKey())) {
                    ownContext.set(field.getKey(), field.getValue().deepCopy());
                }
            });
        }
    }

    /** The body as the client wrote it, within the limits. */
    private byte[] decode(byte[] body, String encoding) {
        if (body != null && body.length > 0 && encoding != null) {
            body = ContentEncodings.decode(body, encoding, config.maxRequestBytes());
        }
        if (body == null || body.length == 0) {
            throw ProblemException.invalid("The request body is empty; send a JSON object");
        }
        if (body.length > config.maxRequestBytes()) {
            throw ProblemException.tooLarge("A request may be at most " + config.maxRequestBytes() / 1024 + " KB",
                    new Problem.FieldError("", "max-size", "at most " + config.maxRequestBytes() / 1024 + " KB"));
        }
        return body;
    }

    /** One Segment call and its size as sent, before any content encoding. */
    public record ParsedCall(ObjectNode event, int sizeBytes) {
    }

    /** Reads one Segment call, as {@link #parseBatch} reads a batch. */
    public ParsedCall parseCall(byte[] body, String encoding) {
        body = decode(body, encoding);
        JsonNode node;
        try {
            node = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw ProblemException.invalid("The request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ProblemException.invalid("The request body could not be read: " + e.getMessage());
        }
        if (!(node instanceof ObjectNode object)) {
            throw ProblemException.invalid("The request body must be a JSON object");
        }
        return new ParsedCall(object, body.length);
    }

    /**
     * Ingests one live call under its key's policy: 200 when Kafka has it, a 400 problem naming
     * the rules it breaks, or the failures of {@link #unavailable}.
     *
     * @param call the call the endpoint stands for, or null when the event's {@code type} says
     */
    public Uni<Map<String, Boolean>> ingestCall(KeyPolicy policy, String call, ParsedCall parsed, Instant receivedAt) {
        return pipeline.ingest(policy.tenantId(), call, List.of(new IncomingEvent(parsed.event(), parsed.sizeBytes(), null)),
                receivedAt, null, SOURCE, policy.forbiddenTraits())
                .onFailure().transform(this::unavailable)
                .map(outcome -> {
                    if (!outcome.rejected().isEmpty()) {
                        List<Violation> reasons = outcome.rejected().get(0).reasons();
                        throw ProblemException.invalid("The event breaks " + reasons.size() + " rule(s)",
                                reasons.stream().map(v -> new Problem.FieldError(v.field(), v.rule(), v.message()))
                                        .toArray(Problem.FieldError[]::new));
                    }
                    return Map.of("success", true);
                });
    }

    /** Ingests a live batch under its key's policy; each event is accepted or rejected on its own. */
    public Uni<SegmentResource.BatchResponse> ingestBatch(KeyPolicy policy, ParsedBatch batch, Instant receivedAt) {
        return pipeline.ingest(policy.tenantId(), null, batch.requireEvents(), receivedAt, batch.sentAt(), SOURCE,
                policy.forbiddenTraits())
                .onFailure().transform(this::unavailable)
                .map(SegmentRequests::toResponse);
    }

    private static Instant instant(JsonNode value, String field) {
        if (value == null || value.isNull()) {
            return null;
        }
        try {
            return Instant.parse(value.asText());
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidField(field, "iso-8601", "must be an ISO-8601 date-time with offset");
        }
    }
}
