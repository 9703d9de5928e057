package io.touchline.scoring.api;

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
import io.touchline.scoring.store.TierPinStore;
import io.touchline.web.BodyFields;
import io.touchline.web.ProblemException;
import io.touchline.web.StrictJson;
import io.touchline.web.auth.CurrentCaller;
import io.touchline.web.auth.RequiresScope;
import io.touchline.web.auth.Scope;

/**
 * Tier pins: a CSM who knows an account deserves more (or less) attention than its revenue says
 * sets its touch tier by hand. The pin holds through every recomputation until removed; every
 * pin ever set stays listed. Setting or removing one re-scores the account at once, so its next
 * signals carry the tier.
 */
@Path("/v1/accounts/{accountId}")
@Produces(MediaType.APPLICATION_JSON)
@RequiresScope({ Scope.OPS, Scope.ADMIN })
public class TierPinsResource {

    /** What a CSM sets. */
    public record TierPinRequest(String tier, String reason, String author) {
    }

    private final CurrentCaller caller;
    private final TierPinStore pins;
    private final Rescoring rescoring;

    public TierPinsResource(CurrentCaller caller, TierPinStore pins, Rescoring rescoring) {
        this.caller = caller;
        this.pins = pins;
        this.rescoring = rescoring;
    }

    /** Pins the account's tier until removed; replaces an active pin. */
    @PUT
    @Path("/tier")
    @Consumes(MediaType.APPLICATION_JSON)
    @CustomDeserialization(StrictJson.class)
    public Uni<TierPinStore.TierPin> pin(@PathParam("accountId") String accountId, TierPinRequest request) {
        BodyFields.body(request, "tier, reason and author");
        BodyFields.oneOf("tier", request.tier(), AccountHealthResource.TIERS);
        BodyFields.requiredText("reason", request.reason(), OverridesResource.MAX_REASON);
        BodyFields.requiredText("author", request.author(), OverridesResource.MAX_REASON);
        String tenant = caller.tenantId();
        return rescoring.change(tenant, accountId, new Trigger("tier-pin:" + UUID.randomUUID(),
                "tier pinned to " + request.tier() + " by " + request.author(), null),
                connection -> pins.removeActive(connection, tenant, accountId, request.author(), "replaced")
                        .flatMap(x -> pins.add(connection, tenant, accountId, request.tier(), request.reason(),
                                request.author())))
                .onItem().ifNull().failWith(() -> OverridesResource.notFound(accountId));
    }

    /** Removes the active pin; the tier follows revenue and traits again at once. */
    @DELETE
    @Path("/tier")
    public Uni<Void> unpin(@PathParam("accountId") String accountId, @QueryParam("removedBy") String removedBy,
            @QueryParam("reason") String reason) {
        BodyFields.requiredText("removedBy", removedBy, OverridesResource.MAX_REASON);
        String tenant = caller.tenantId();
        return rescoring.change(tenant, accountId, new Trigger("tier-unpinned:" + UUID.randomUUID(),
                "tier pin removed by " + removedBy, null),
                // Nothing to remove fails inside the transaction, so it writes nothing.
                connection -> pins.removeActive(connection, tenant, accountId, removedBy, reason)
                        .flatMap(removed -> removed == 0
                                ? Uni.createFrom().<Integer> failure(ProblemException.notFound(
                                        "Account '" + accountId + "' has no tier pin"))
                                : Uni.createFrom().item(removed)))
                .onItem().ifNull().failWith(() -> OverridesResource.notFound(accountId))
                .replaceWithVoid();
    }

    /** Every pin of the account, newest first: the audit trail. */
    @GET
    @Path("/tier-pins")
    public Uni<List<TierPinStore.TierPin>> list(@PathParam("accountId") String accountId) {
        return pins.list(caller.tenantId(), accountId);
    }
}
