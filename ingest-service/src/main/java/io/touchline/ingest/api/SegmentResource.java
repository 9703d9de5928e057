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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;

import io.smallrye.mutiny.Uni;
import io.touchline.ingest.domain.KeyPolicy;
import io.touchline.ingest.domain.Violation;
import io.touchline.web.auth.Credentials;
import io.touchline.web.auth.RequiresScope;
import io.touchline.web.auth.Scope;
import io.vertx.core.http.HttpServerRequest;

/**
 * The Segment HTTP tracking API: {@code /v1/batch} and the single-event calls, which server SDKs
 * and RudderStack's browser SDK use, the key in the {@code Authorization} header. An answer of
 * 200 means Kafka acknowledged every accepted event. A batch with invalid events still answers
 * 200, listing what was rejected and why; a single invalid event gets a 400 problem. A request
 * that is not JSON or not of this shape gets 400, one over the limits 413, one from a browser
 * its key does not allow 403 ({@link KeyGuard}), and when Kafka does not acknowledge in time, too
 * many events wait for it, or a browser key is over its rate limit, 503 or 429 with Retry-After:
 * nothing in such a request is claimed.
 */
@Path("/v1")
@RequiresScope(Scope.INGEST)
@Consumes(MediaType.WILDCARD)
@Produces(MediaType.APPLICATION_JSON)
public class SegmentResource {

    /** The answer to a batch. */
    public record BatchResponse(boolean success, int accepted, List<RejectedEvent> rejected) {
    }

    /** One rejected event of a batch. */
    public record RejectedEvent(Integer index, String messageId, String reason, List<Violation> errors) {
    }

    private final SegmentRequests requests;
    private final KeyGuard guard;
    private final Clock clock = Clock.systemUTC();

    public SegmentResource(SegmentRequests requests, KeyGuard guard) {
        this.requests = requests;
        this.guard = guard;
    }

    @POST
    @Path("/{call:track|identify|group|page|screen}")
    @Operation(summary = "One Segment call (track, identify, group, page or screen)")
    @RequestBody(description = "A Segment-spec message")
    public Uni<Map<String, Boolean>> single(@PathParam("call") String call,
            @HeaderParam("Content-Encoding") String encoding, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @Context HttpServerRequest request, byte[] body) {
        Instant receivedAt = clock.instant();
        SegmentRequests.ParsedCall parsed = requests.parseCall(body, encoding);
        KeyPolicy policy = guard.admit(Credentials.keyFrom(authorization).orElse(null), request, 1);
        return requests.ingestCall(policy, call, parsed, receivedAt);
    }

    @POST
    @Path("/batch")
    @Operation(summary = "A batch of Segment calls: {\"batch\": [...], \"sentAt\": ..., \"context\": {...}}")
    public Uni<BatchResponse> batch(@HeaderParam("Content-Encoding") String encoding,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @Context HttpServerRequest request, byte[] body) {
        Instant receivedAt = clock.instant();
        SegmentRequests.ParsedBatch batch = requests.parseBatch(body, encoding);
        KeyPolicy policy = guard.admit(Credentials.keyFrom(authorization).orElse(null), request, batch.size());
        return requests.ingestBatch(policy, batch, receivedAt);
    }
}
