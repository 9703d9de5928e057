package io.touchline.ingest.api;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import io.touchline.ingest.domain.Violation;
import io.touchline.ingest.messaging.IngestPipeline;
import io.touchline.ingest.messaging.IngestPipeline.IncomingEvent;
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

    private static final String SOURCE = "http";

    /** The answer to a batch. */
    public record BatchResponse(boolean success, int accepted, List<RejectedEvent> rejected) {
    }

    /** One rejected event of a batch. */
    public record RejectedEvent(Integer index, String messageId, String reason, List<Violation> errors) {
    }

    private final IngestPipeline pipeline;
    private final CurrentCaller caller;
    private final SegmentRequests requests;
    private final Clock clock = Clock.systemUTC();

    public SegmentResource(IngestPipeline pipeline, CurrentCaller caller, SegmentRequests requests) {
        this.pipeline = pipeline;
        this.caller = caller;
        this.requests = requests;
    }

    @POST
    @Path("/{call:track|identify|group|page|screen}")
    @Operation(summary = "One Segment call (track, identify, group, page or screen)")
    @RequestBody(description = "A Segment-spec message")
    public Uni<Map<String, Boolean>> single(@PathParam("call") String call,
            @HeaderParam("Content-Encoding") String encoding, byte[] body) {
        Instant receivedAt = clock.instant();
        ObjectNode event = requests.parseObject(body, encoding);
        return pipeline.ingest(caller.tenantId(), call, List.of(new IncomingEvent(event, body.length, null)),
                receivedAt, null, SOURCE)
                .onFailure().transform(requests::unavailable)
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
    public Uni<BatchResponse> batch(@HeaderParam("Content-Encoding") String encoding, byte[] body) {
        Instant receivedAt = clock.instant();
        SegmentRequests.ParsedBatch batch = requests.parseBatch(body, encoding);
        return pipeline.ingest(caller.tenantId(), null, batch.events(), receivedAt, batch.sentAt(), SOURCE)
                .onFailure().transform(requests::unavailable)
                .map(SegmentRequests::toResponse);
    }

}
