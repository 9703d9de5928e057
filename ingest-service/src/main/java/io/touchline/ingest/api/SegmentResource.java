package io.touchline.ingest.api;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import io.touchline.ingest.config.IngestConfig;
import io.touchline.ingest.domain.Violation;
import io.touchline.ingest.messaging.IngestPipeline;
import io.touchline.ingest.messaging.IngestPipeline.IncomingEvent;
import io.touchline.ingest.messaging.IngestPipeline.Outcome;
import io.touchline.web.Problem;
import io.touchline.web.ProblemException;
import io.touchline.web.auth.CurrentCaller;
import io.touchline.web.auth.RequiresScope;
import io.touchline.web.auth.Scope;

/**
 * The Segment HTTP tracking API: {@code /v1/batch} and the single-event calls. An answer of 200
 * means Kafka acknowledged every accepted event. A batch with invalid events still answers 200,
 * listing what was rejected and why; a single invalid event gets a 400 problem. A request that is
 * not JSON or not of this shape gets 400, one over the limits 413, and when Kafka does not
 * acknowledge in time, or too many events wait for it, 503 or 429 with Retry-After: nothing in
 * such a request is claimed.
 */
@Path("/v1")
@RequiresScope(Scope.INGEST)
@Consumes(MediaType.WILDCARD)
@Produces(MediaType.APPLICATION_JSON)
public class SegmentResource {

    private static final Logger LOG = Logger.getLogger(SegmentResource.class);
    private static final String SOURCE = "http";

    /** The answer to a batch. */
    public record BatchResponse(boolean success, int accepted, List<RejectedEvent> rejected) {
    }

    /** One rejected event of a batch. */
    public record RejectedEvent(Integer index, String messageId, String reason, List<Violation> errors) {
    }

    private final IngestPipeline pipeline;
    private final CurrentCaller caller;
    private final ObjectMapper mapper;
    private final IngestConfig config;
    private final Clock clock = Clock.systemUTC();

    public SegmentResource(IngestPipeline pipeline, CurrentCaller caller, ObjectMapper mapper, IngestConfig config) {
        this.pipeline = pipeline;
        this.caller = caller;
        this.mapper = mapper;
        this.config = config;
    }

    @POST
    @Path("/{call:track|identify|group|page|screen}")
    @Operation(summary = "One Segment call (track, identify, group, page or screen)")
    @RequestBody(description = "A Segment-spec message")
    public Uni<Map<String, Boolean>> single(@PathParam("call") String call, byte[] body) {
        Instant receivedAt = clock.instant();
        ObjectNode event = parseObject(body);
        return pipeline.ingest(caller.tenantId(), call, List.of(new IncomingEvent(event, body.length, null)),
                receivedAt, null, SOURCE)
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

    @POST
    @Path("/batch")
    @Operation(summary = "A batch of Segment calls: {\"batch\": [...], \"sentAt\": ..., \"context\": {...}}")
    public Uni<BatchResponse> batch(byte[] body) {
        Instant receivedAt = clock.instant();
        checkSize(body);
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
        if (batch.events() == null) {
            throw ProblemException.invalidField("batch", "required", "must be an array of events");
        }
        Instant sentAt = instant(batch.sentAt(), "sentAt");
        List<IncomingEvent> events = new ArrayList<>(batch.events().size());
        for (BatchReader.Element element : batch.events()) {
            if (element.json() instanceof ObjectNode object && batch.context() instanceof ObjectNode shared) {
                inheritContext(object, shared);
            }
            events.add(new IncomingEvent(element.json(), element.sizeBytes(), events.size()));
        }
        return pipeline.ingest(caller.tenantId(), null, events, receivedAt, sentAt, SOURCE)
                .onFailure().transform(this::unavailable)
                .map(SegmentResource::toResponse);
    }

    private static BatchResponse toResponse(Outcome outcome) {
        return new BatchResponse(true, outcome.accepted(), outcome.rejected().stream()
                .map(r -> new RejectedEvent(r.index(), r.messageId(), r.reason(), r.reasons()))
                .toList());
    }

    /**
     * 429 when too many events wait for Kafka, 503 when Kafka or the database did not answer;
     * anything else is a bug, answered 500 with an incident id, never a 503 a client would retry
     * forever.
     */
    private Throwable unavailable(Throwable failure) {
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

    private void checkSize(byte[] body) {
        if (body == null || body.length == 0) {
            throw ProblemException.invalid("The request body is empty; send a JSON object");
        }
        if (body.length > config.maxRequestBytes()) {
            throw ProblemException.tooLarge("A request may be at most " + config.maxRequestBytes() / 1024 + " KB",
                    new Problem.FieldError("", "max-size", "at most " + config.maxRequestBytes() / 1024 + " KB"));
        }
    }

    private ObjectNode parseObject(byte[] body) {
        checkSize(body);
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
        return object;
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
