package io.touchline.ingest.api;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import io.touchline.ingest.config.IngestConfig;
import io.touchline.ingest.domain.KeyPolicy;
import io.vertx.core.http.HttpServerRequest;

/**
 * The endpoints Segment's analytics.js 2.0 calls, unchanged but for its host settings
 * (docs/sending-events.md): each call as {@code text/plain} JSON carrying {@code writeKey} to
 * {@code /v1/t}, {@code /p}, {@code /i}, {@code /g}, {@code /s} or {@code /a}, batches to
 * {@code /v1/b} (its batching delivery, and its {@code keepalive} sends on page unload), and its
 * settings from {@code /v1/projects/{writeKey}/settings}. The key rules here as on the Segment
 * API ({@link KeyGuard}).
 */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
public class AnalyticsJsResource {

    private static final Map<String, String> SEGMENT_CALLS = Map.of("t", "track", "p", "page", "i", "identify", "g",
            "group", "s", "screen");

    private final SegmentRequests requests;
    private final KeyGuard guard;
    private final IngestConfig config;
    private final Clock clock = Clock.systemUTC();

    public AnalyticsJsResource(SegmentRequests requests, KeyGuard guard, IngestConfig config) {
        this.requests = requests;
        this.guard = guard;
        this.config = config;
    }

    @POST
    @Path("/{call:t|p|i|g|s|a}")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "One call from Segment's analytics.js (text/plain JSON with writeKey)")
    public Uni<Map<String, Boolean>> call(@PathParam("call") String call,
            @HeaderParam("Content-Encoding") String encoding, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @Context HttpServerRequest request, byte[] body) {
        Instant receivedAt = clock.instant();
        SegmentRequests.ParsedCall parsed = requests.parseCall(body, encoding);
        KeyPolicy policy = guard.admit(KeyGuard.keyOf(SegmentRequests.writeKeyOf(parsed.event()), authorization), request, 1);
        // An alias (/a) is judged by its type, which Touchline does not take: it is kept as rejected.
        return requests.ingestCall(policy, SEGMENT_CALLS.get(call), parsed, receivedAt);
    }

    @POST
    @Path("/b")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "A batch from Segment's analytics.js batching delivery (text/plain JSON with writeKey)")
    public Uni<SegmentResource.BatchResponse> batch(@HeaderParam("Content-Encoding") String encoding,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @Context HttpServerRequest request, byte[] body) {
        Instant receivedAt = clock.instant();
        SegmentRequests.ParsedBatch batch = requests.parseBatch(body, encoding);
        KeyPolicy policy = guard.admit(KeyGuard.keyOf(batch.writeKey(), authorization), request, batch.size());
        return requests.ingestBatch(policy, batch, receivedAt);
    }

    @GET
    @Path("/projects/{writeKey}/settings")
    @Operation(summary = "The settings analytics.js loads at start-up (its cdnURL pointed at ingest)")
    public ObjectNode settings(@PathParam("writeKey") String writeKey, @Context HttpServerRequest request) {
        guard.admit(writeKey, request, 1);
        return BrowserSettings.segment(writeKey, publicUrl(request));
    }

    private String publicUrl(HttpServerRequest request) {
        return config.browser().publicUrl().map(url -> url.replaceAll("/+$", ""))
                .orElseGet(() -> request.scheme() + "://" + request.getHeader(HttpHeaders.HOST));
    }
}
