package io.touchline.ingest.api;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import io.touchline.ingest.domain.SegmentEvents;
import io.touchline.ingest.messaging.UsageEventPublisher;
import io.touchline.web.Problem;
import io.touchline.web.ProblemException;
import io.touchline.web.auth.CurrentCaller;
import io.touchline.web.auth.RequiresScope;
import io.touchline.web.auth.Scope;

/**
 * The Segment HTTP tracking API's single-event calls. Answers 200 only after Kafka acknowledged
 * the event; bad input gets a 400 problem naming each broken rule; a broker that does not
 * acknowledge in time gets a 503 with Retry-After, and nothing is claimed.
 */
@Path("/v1")
@RequiresScope(Scope.INGEST)
public class TrackingResource {

    private static final Logger LOG = Logger.getLogger(TrackingResource.class);
    private static final int RETRY_AFTER_SECONDS = 5;

    private final UsageEventPublisher publisher;
    private final CurrentCaller caller;
    private final ObjectMapper mapper;
    private final Clock clock;

    public TrackingResource(UsageEventPublisher publisher, CurrentCaller caller, ObjectMapper mapper) {
        this.publisher = publisher;
        this.caller = caller;
        this.mapper = mapper;
        this.clock = Clock.systemUTC();
    }

    @POST
    @Path("/{call:track|identify|group|page|screen}")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Map<String, Boolean>> single(@PathParam("call") String call, String body) {
        Instant receivedAt = clock.instant();
        SegmentEvents.Result result = SegmentEvents.normalize(call, parseObject(body), caller.tenantId(), receivedAt);
        if (!result.accepted()) {
            throw ProblemException.invalid("The event breaks " + result.violations().size() + " rule(s)",
                    result.violations().stream()
                            .map(v -> new Problem.FieldError(v.field(), v.rule(), v.message()))
                            .toArray(Problem.FieldError[]::new));
        }
        return publisher.publish(result.envelope())
                .onFailure().transform(failure -> {
                    LOG.warnf("Kafka did not acknowledge %s: %s", result.envelope().id(), failure.toString());
                    return ProblemException.unavailable("The event store did not acknowledge the event; it was not "
                            + "accepted. Retry later.", RETRY_AFTER_SECONDS);
                })
                .replaceWith(Map.of("success", true));
    }

    private ObjectNode parseObject(String body) {
        if (body == null || body.isBlank()) {
            throw ProblemException.invalid("The request body is empty; send a JSON object");
        }
        JsonNode node;
        try {
            node = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw ProblemException.invalid("The request body is not valid JSON: " + e.getOriginalMessage());
        }
        if (!(node instanceof ObjectNode object)) {
            throw ProblemException.invalid("The request body must be a JSON object");
        }
        return object;
    }
}
