package io.touchline.scoring.api;

import java.time.Instant;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.touchline.scoring.store.AccountHealth;
import io.touchline.web.ProblemException;
import io.touchline.web.auth.CurrentCaller;
import io.touchline.web.auth.RequiresScope;
import io.touchline.web.auth.Scope;

/** Account health for CS ops, scoped to the caller's tenant. */
@Path("/v1/accounts")
@Produces(MediaType.APPLICATION_JSON)
@RequiresScope({ Scope.OPS, Scope.ADMIN })
public class AccountHealthResource {

    /** The health of one account. */
    public record HealthView(String accountId, double score, String band, Instant firstSeenAt, Instant lastEventAt,
            long eventsApplied) {
    }

    private final CurrentCaller caller;

    public AccountHealthResource(CurrentCaller caller) {
        this.caller = caller;
    }

    @GET
    @Path("/{accountId}/health")
    @WithSession
    public Uni<HealthView> health(@PathParam("accountId") String accountId) {
        return AccountHealth.find(caller.tenantId(), accountId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("No account '" + accountId + "' in this tenant"))
                .map(a -> new HealthView(a.accountId, a.score, a.band, a.firstSeenAt, a.lastEventAt, a.eventsApplied));
    }
}
