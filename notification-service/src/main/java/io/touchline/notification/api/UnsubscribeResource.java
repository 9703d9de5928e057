package io.touchline.notification.api;

import java.util.Optional;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.smallrye.mutiny.Uni;
import io.touchline.notification.domain.UnsubscribeTokens;
import io.touchline.notification.store.OptOutStore;
import io.touchline.notification.store.TenantStore;
import io.touchline.web.ProblemException;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * The unsubscribe link of every email, which works without login: the signed token says who
 * opts out of what. Opening the link shows a button; the POST it sends, or the one-click POST a
 * mail client sends for {@code List-Unsubscribe-Post} (RFC 8058), records the opt-out. A GET
 * alone changes nothing, because mail scanners open links.
 */
@Path("/v1/unsubscribe")
public class UnsubscribeResource {

    private final Pool pool;
    private final TenantStore tenants;
    private final OptOutStore optOuts;

    public UnsubscribeResource(Pool pool, TenantStore tenants, OptOutStore optOuts) {
        this.pool = pool;
        this.tenants = tenants;
        this.optOuts = optOuts;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Uni<String> page(@QueryParam("token") String token) {
        return verify(token).map(optOut -> page("Unsubscribe",
                "<p>Stop " + optOut.channel() + " messages to " + escape(optOut.recipient()) + "?</p>"
                        + "<form method=\"post\"><button type=\"submit\">Unsubscribe</button></form>"));
    }

    @POST
    @Produces(MediaType.TEXT_HTML)
    public Uni<String> unsubscribe(@QueryParam("token") String token) {
        return verify(token)
                .call(optOut -> optOuts.add(pool, optOut.tenantId(), optOut.recipient(), optOut.channel(), "link"))
                .map(optOut -> page("Unsubscribed", "<p>" + escape(optOut.recipient()) + " will get no more "
                        + optOut.channel() + " messages from us.</p>"));
    }

    private Uni<UnsubscribeTokens.OptOut> verify(String token) {
        Optional<UnsubscribeTokens.OptOut> claimed = UnsubscribeTokens.claimed(token);
        if (claimed.isEmpty()) {
            return Uni.createFrom().failure(invalid());
        }
        return tenants.read(pool, claimed.get().tenantId()).map(tenant -> UnsubscribeTokens.verify(token,
                tenantId -> tenant == null ? Optional.empty() : Optional.of(tenant.secrets().signingSecret()))
                .orElseThrow(UnsubscribeResource::invalid));
    }

    private static ProblemException invalid() {
        return ProblemException.invalidField("token", "signature", "must be the token of an unsubscribe link we sent");
    }

    private static String page(String title, String body) {
        return "<!doctype html><html><head><meta charset=\"utf-8\"><title>" + title + "</title></head><body>" + body
                + "</body></html>";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
