package io.touchline.scoring.api;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import io.smallrye.mutiny.Uni;
import io.touchline.scoring.application.Rescoring;
import io.touchline.scoring.domain.Trigger;
import io.touchline.scoring.store.OverrideStore;
import io.touchline.web.BodyFields;
import io.touchline.web.ProblemException;
import io.touchline.web.StrictJson;
import io.touchline.web.auth.CurrentCaller;
import io.touchline.web.auth.RequiresScope;
import io.touchline.web.auth.Scope;

/**
 * Manual overrides of an account's health: a CSM who knows better sets the score, with a reason
 * and an expiry. The override holds through every recomputation until it expires or is removed;
 * the model's score stays visible beside it, and every override ever set stays listed.
 */
@Path("/v1/accounts/{accountId}")
@Produces(MediaType.APPLICATION_JSON)
@RequiresScope({ Scope.OPS, Scope.ADMIN })
public class OverridesResource {

    static final int MAX_REASON = 1000;
    /** How far ahead an override may expire: beyond it, use a scorecard. */
    static final java.time.Duration MAX_OVERRIDE = java.time.Duration.ofDays(3653);

    /** What a CSM sets. */
    public record OverrideRequest(Double score, String reason, String author, Instant expiresAt) {
    }

    private final CurrentCaller caller;
    private final OverrideStore overrides;
    private final Rescoring rescoring;

    public OverridesResource(CurrentCaller caller, OverrideStore overrides, Rescoring rescoring) {
        this.caller = caller;
        this.overrides = overrides;
        this.rescoring = rescoring;
    }

    /** Sets the account's score until {@code expiresAt}; replaces an active override. */
    @PUT
    @Path("/override")
    @Consumes(MediaType.APPLICATION_JSON)
    @CustomDeserialization(StrictJson.class)
    public Uni<OverrideStore.Override> set(@PathParam("accountId") String accountId, OverrideRequest request) {
        BodyFields.body(request, "score, reason, author and expiresAt");
        if (request.score() == null || request.score().isNaN() || request.score() < 0 || request.score() > 100) {
            throw ProblemException.invalidField("score", "range", "must be a number between 0 and 100");
        }
        BodyFields.requiredText("reason", request.reason(), MAX_REASON);
        BodyFields.requiredText("author", request.author(), MAX_REASON);
        if (request.expiresAt() == null || !request.expiresAt().isAfter(Instant.now())) {
            throw ProblemException.invalidField("expiresAt", "future", "must be an ISO-8601 instant in the future");
        }
        if (request.expiresAt().isAfter(Instant.now().plus(MAX_OVERRIDE))) {
            throw ProblemException.invalidField("expiresAt", "range", "must be at most 10 years ahead");
        }
        String tenant = caller.tenantId();
        return rescoring.change(tenant, accountId, new Trigger("override:" + UUID.randomUUID(),
                "manual override by " + request.author(), null),
                connection -> overrides.removeActive(connection, tenant, accountId, request.author(), "replaced")
                        .flatMap(x -> overrides.add(connection, tenant, accountId, request.score(), request.reason(),
                                request.author(), request.expiresAt())))
                .onItem().ifNull().failWith(() -> notFound(accountId));
    }

    /** Removes the active override; the model's score applies again at once. */
    @DELETE
    @Path("/override")
    public Uni<Void> remove(@PathParam("accountId") String accountId, @QueryParam("removedBy") String removedBy,
            @QueryParam("reason") String reason) {
        BodyFields.requiredText("removedBy", removedBy, MAX_REASON);
        String tenant = caller.tenantId();
        return rescoring.change(tenant, accountId, new Trigger("override-removed:" + UUID.randomUUID(),
                "override removed by " + removedBy, null),
                // Nothing to remove fails inside the transaction, so it writes nothing.
                connection -> overrides.removeActive(connection, tenant, accountId, removedBy, reason)
                        .flatMap(removed -> removed == 0
                                ? Uni.createFrom().<Integer> failure(ProblemException.notFound(
                                        "Account '" + accountId + "' has no active override"))
                                : Uni.createFrom().item(removed)))
                .onItem().ifNull().failWith(() -> notFound(accountId))
                .replaceWithVoid();
    }

    /** Every override of the account, newest first: the audit trail. */
    @GET
    @Path("/overrides")
    public Uni<List<OverrideStore.Override>> list(@PathParam("accountId") String accountId) {
        return overrides.list(caller.tenantId(), accountId);
    }

    static ProblemException notFound(String accountId) {
        return ProblemException.notFound("No account '" + accountId + "' in this tenant");
    }
}
