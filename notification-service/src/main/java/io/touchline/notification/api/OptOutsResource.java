package io.touchline.notification.api;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import io.smallrye.mutiny.Uni;
import io.touchline.notification.store.OptOutStore;
import io.touchline.web.BodyFields;
import io.touchline.web.ProblemException;
import io.touchline.web.StrictJson;
import io.touchline.web.auth.CurrentCaller;
import io.touchline.web.auth.RequiresScope;
import io.touchline.web.auth.Scope;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Opt-outs, per recipient (an email address or a user id) and channel, or {@code all}. One takes
 * effect at once: deliveries not yet sent to that recipient are SUPPRESSED with reason
 * {@code opt-out}.
 */
@Path("/v1/opt-outs")
@Produces(MediaType.APPLICATION_JSON)
@RequiresScope({ Scope.OPS, Scope.ADMIN })
public class OptOutsResource {

    static final Set<String> CHANNELS = Set.of("email", "webhook", "in-app", OptOutStore.ALL);
    static final int MAX_RECIPIENT = 320;

    public record OptOutRequest(String recipient, String channel) {
    }

    private final Pool pool;
    private final OptOutStore optOuts;
    private final CurrentCaller caller;

    public OptOutsResource(Pool pool, OptOutStore optOuts, CurrentCaller caller) {
        this.pool = pool;
        this.optOuts = optOuts;
        this.caller = caller;
    }

    /** The tenant's opt-outs, or one recipient's. */
    @GET
    public Uni<List<OptOutStore.OptOut>> list(@QueryParam("recipient") String recipient) {
        return optOuts.list(pool, caller.tenantId(), recipient == null ? null : normalized(recipient));
    }

    /** Opts a recipient out of a channel; idempotent. */
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @CustomDeserialization(StrictJson.class)
    public Uni<OptOutStore.OptOut> add(OptOutRequest request) {
        BodyFields.body(request, "recipient and channel");
        String recipient = normalized(BodyFields.requiredText("recipient", request.recipient(), MAX_RECIPIENT));
        BodyFields.oneOf("channel", request.channel(), CHANNELS);
        return optOuts.add(pool, caller.tenantId(), recipient, request.channel(), "api");
    }

    /** Opts a recipient back in; 404 when they had not opted out of that channel. */
    @DELETE
    public Uni<Void> remove(@QueryParam("recipient") String recipient, @QueryParam("channel") String channel) {
        BodyFields.requiredText("recipient", recipient, MAX_RECIPIENT);
        BodyFields.oneOf("channel", channel, CHANNELS);
        return optOuts.remove(pool, caller.tenantId(), normalized(recipient), channel).map(removed -> {
            if (!removed) {
                throw ProblemException.notFound(recipient + " has not opted out of " + channel);
            }
            return null;
        });
    }

    /** Email addresses without case, as deliveries store them. */
    static String normalized(String recipient) {
        String trimmed = recipient.trim();
        return trimmed.contains("@") ? trimmed.toLowerCase(Locale.ROOT) : trimmed;
    }

}
