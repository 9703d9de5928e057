package io.touchline.scoring.api;

import java.time.Instant;
import java.util.List;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.touchline.scoring.store.AccountHealth;
import io.touchline.scoring.store.HealthHistory;
import io.touchline.web.ProblemException;
import io.touchline.web.auth.CurrentCaller;
import io.touchline.web.auth.RequiresScope;
import io.touchline.web.auth.Scope;

/** Account health for CS ops, scoped to the caller's tenant. */
@Path("/v1/accounts")
@Produces(MediaType.APPLICATION_JSON)
@RequiresScope({ Scope.OPS, Scope.ADMIN })
public class AccountHealthResource {

    /**
     * The health of one account, with what made it: each measure's value, weight and contribution,
     * and each churn factor's part in the log-odds.
     */
    public record HealthView(String accountId, double score, String band, boolean partial, int scorecardVersion,
            Double churnProbability, String churnLevel, Instant firstSeenAt, Instant lastEventAt, long eventsApplied,
            JsonNode explanation) {
    }

    private final CurrentCaller caller;
    private final ObjectMapper mapper;

    public AccountHealthResource(CurrentCaller caller, ObjectMapper mapper) {
        this.caller = caller;
        this.mapper = mapper;
    }

    private JsonNode readTree(String json) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("explanations are written as JSON", e);
        }
    }

    /** One score change. */
    public record HistoryEntry(Instant scoredAt, double score, String band, double churnProbability, boolean partial,
            String causedBy) {
    }

    static final int MAX_HISTORY = 1000;

    /** Score changes, newest first, optionally up to a moment ({@code until}, ISO-8601). */
    @GET
    @Path("/{accountId}/history")
    @WithSession
    public Uni<List<HistoryEntry>> history(@PathParam("accountId") String accountId,
            @QueryParam("limit") @DefaultValue("100") int limit, @QueryParam("until") String until) {
        if (limit < 1 || limit > MAX_HISTORY) {
            throw ProblemException.invalidField("limit", "range", "must be between 1 and " + MAX_HISTORY);
        }
        Instant upTo;
        try {
            upTo = until == null ? Instant.now() : Instant.parse(until);
        } catch (java.time.format.DateTimeParseException e) {
            throw ProblemException.invalidField("until", "iso-8601", "must be an ISO-8601 instant");
        }
        return AccountHealth.find(caller.tenantId(), accountId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("No account '" + accountId + "' in this tenant"))
                .flatMap(account -> HealthHistory.of(caller.tenantId(), accountId, upTo, limit))
                .map(entries -> entries.stream()
                        .map(h -> new HistoryEntry(h.scoredAt, h.score, h.band, h.churn, h.partial, h.causedBy))
                        .toList());
    }

    @GET
    @Path("/{accountId}/health")
    @WithSession
    public Uni<HealthView> health(@PathParam("accountId") String accountId) {
        return AccountHealth.find(caller.tenantId(), accountId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("No account '" + accountId + "' in this tenant"))
                .map(a -> new HealthView(a.accountId, a.score, a.band, a.partial, a.scorecardVersion, a.churnProbability,
                        a.churnLevel, a.firstSeenAt, a.lastEventAt, a.eventsApplied, readTree(a.explanation)));
    }
}
