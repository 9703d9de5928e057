package io.touchline.scoring.api;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestResponse;

import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import io.smallrye.mutiny.Uni;
import io.touchline.scoring.store.ChurnHistoryStore;
import io.touchline.web.BodyFields;
import io.touchline.web.ProblemException;
import io.touchline.web.StrictJson;
import io.touchline.web.auth.CurrentCaller;
import io.touchline.web.auth.RequiresScope;
import io.touchline.web.auth.Scope;

/**
 * What happened to an account (churned, renewed, downgraded) with its date: what churn models
 * learn from. Group traits record most outcomes; this records the rest, for instance from a CRM.
 * An account scoring has not seen yet may have outcomes, so history imported later finds them.
 */
@Path("/v1/accounts/{accountId}/outcomes")
@Produces(MediaType.APPLICATION_JSON)
@RequiresScope({ Scope.OPS, Scope.ADMIN })
public class OutcomesResource {

    static final int MAX_NOTE = 1000;
    static final int MAX_ACCOUNT_ID = 200;
    static final Set<String> KINDS = Arrays.stream(ChurnHistoryStore.Kind.values())
            .map(ChurnHistoryStore.Kind::wireName).collect(Collectors.toUnmodifiableSet());

    /** An outcome to record. */
    public record OutcomeRequest(String kind, LocalDate occurredOn, String note) {
    }

    private final CurrentCaller caller;
    private final ChurnHistoryStore history;

    public OutcomesResource(CurrentCaller caller, ChurnHistoryStore history) {
        this.caller = caller;
        this.history = history;
    }

    /** Records an outcome: 201 when new, 200 when the same kind on the same day was recorded already. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @CustomDeserialization(StrictJson.class)
    @RequiresScope(Scope.ADMIN)
    public Uni<RestResponse<ChurnHistoryStore.Outcome>> record(@PathParam("accountId") String accountId,
            OutcomeRequest request) {
        BodyFields.body(request, "kind and occurredOn");
        if (accountId.isBlank() || accountId.length() > MAX_ACCOUNT_ID) {
            throw ProblemException.invalidField("accountId", "length", "must be 1 to " + MAX_ACCOUNT_ID + " characters");
        }
        if (request.kind() == null || !KINDS.contains(request.kind())) {
            throw ProblemException.invalidField("kind", "enum", "must be one of churned, renewed, downgraded");
        }
        if (request.occurredOn() == null) {
            throw ProblemException.invalidField("occurredOn", "required", "must be an ISO-8601 date such as 2026-03-31");
        }
        if (request.occurredOn().isAfter(LocalDate.now(ZoneOffset.UTC))) {
            throw ProblemException.invalidField("occurredOn", "past", "must not be in the future: outcomes are history");
        }
        if (request.note() != null && request.note().length() > MAX_NOTE) {
            throw ProblemException.invalidField("note", "length", "must be at most " + MAX_NOTE + " characters");
        }
        ChurnHistoryStore.Outcome outcome = new ChurnHistoryStore.Outcome(caller.tenantId(), accountId, request.kind(),
                request.occurredOn(), "api", request.note(), null);
        return history.addOutcome(outcome).flatMap(added -> history.outcomes(caller.tenantId(), accountId)
                .map(all -> all.stream().filter(o -> o.kind().equals(outcome.kind())
                        && o.occurredOn().equals(outcome.occurredOn())).findFirst().orElseThrow())
                .map(stored -> RestResponse.ResponseBuilder
                        .create(added ? RestResponse.Status.CREATED : RestResponse.Status.OK, stored).build()));
    }

    /** The account's outcomes, oldest first. */
    @GET
    public Uni<List<ChurnHistoryStore.Outcome>> list(@PathParam("accountId") String accountId) {
        return history.outcomes(caller.tenantId(), accountId);
    }
}
