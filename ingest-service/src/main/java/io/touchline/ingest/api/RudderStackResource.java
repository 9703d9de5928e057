package io.touchline.ingest.api;

import java.time.Clock;
import java.time.Instant;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import io.touchline.ingest.domain.KeyPolicy;
import io.vertx.core.http.HttpServerRequest;

/**
 * What RudderStack's JavaScript SDK v3 calls besides the Segment API it shares
 * ({@link SegmentResource}), unchanged but for its data plane and config URLs
 * (docs/sending-events.md): its source configuration at start-up, and batches sent by beacon on
 * page unload with the key in the query. The key rules here as there ({@link KeyGuard}).
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class RudderStackResource {

    private final SegmentRequests requests;
    private final KeyGuard guard;
    private final Clock clock = Clock.systemUTC();

    public RudderStackResource(SegmentRequests requests, KeyGuard guard) {
        this.requests = requests;
        this.guard = guard;
    }

    @POST
    @Path("/beacon/v1/batch")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "A batch RudderStack's SDK sends by beacon on page unload (?writeKey=)")
    public Uni<SegmentResource.BatchResponse> beaconBatch(@QueryParam("writeKey") String writeKey,
            @HeaderParam("Content-Encoding") String encoding,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @Context HttpServerRequest request,
            byte[] body) {
        Instant receivedAt = clock.instant();
        SegmentRequests.ParsedBatch batch = requests.parseBatch(body, encoding);
        KeyPolicy policy = guard.admit(KeyGuard.keyOf(writeKey, authorization), request, batch.size());
        return requests.ingestBatch(policy, batch, receivedAt);
    }

    @GET
    @Path("/sourceConfig")
    @Operation(summary = "The source configuration RudderStack's SDK loads at start-up (its configUrl pointed at ingest)")
    public ObjectNode sourceConfig(@QueryParam("writeKey") String writeKey,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @Context HttpServerRequest request) {
        String key = KeyGuard.keyOf(writeKey, authorization);
        KeyPolicy policy = guard.admit(key, request, 1);
        return BrowserSettings.rudderStack(key, policy);
    }
}
