package io.touchline.notification.api;

import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.smallrye.mutiny.Uni;
import io.touchline.notification.domain.UserTokens;
import io.touchline.notification.store.TenantStore;
import io.touchline.web.ProblemException;
import io.touchline.web.auth.Credentials;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Who reads an inbox from a browser: the user a per-user token names, checked against its
 * tenant's inbox secret, for resource methods marked {@link UserToken}. Expired, forged and other
 * tenants' tokens are all one 401, so a caller learns nothing about which part failed.
 */
@ApplicationScoped
public class InboxReader {

    private final Pool pool;
    private final TenantStore tenants;
    private final CurrentUser current;

    public InboxReader(Pool pool, TenantStore tenants, CurrentUser current) {
        this.pool = pool;
        this.tenants = tenants;
        this.current = current;
    }

    @ServerRequestFilter
    public Uni<Void> authenticate(ContainerRequestContext request, ResourceInfo resource) {
        if (resource.getResourceMethod() == null || !resource.getResourceMethod().isAnnotationPresent(UserToken.class)) {
            return Uni.createFrom().voidItem();
        }
        return user(request.getHeaderString(HttpHeaders.AUTHORIZATION),
                request.getUriInfo().getQueryParameters().getFirst("token"))
                .invoke(current::set)
                .replaceWithVoid();
    }

    /**
     * The user of the token in the Authorization header, or else in {@code queryToken} (an
     * EventSource cannot set headers).
     */
    Uni<UserTokens.User> user(String authorization, String queryToken) {
        String token = Credentials.keyFrom(authorization).orElse(queryToken);
        if (token == null || !UserTokens.looksLikeToken(token)) {
            return Uni.createFrom().failure(ProblemException.unauthorized(
                    "Send the user's inbox token, minted by your backend, as 'Authorization: Bearer <token>'"));
        }
        String tenantId = UserTokens.claimedTenant(token);
        Uni<TenantStore.Tenant> tenant = tenantId == null ? Uni.createFrom().nullItem() : tenants.read(pool, tenantId);
        return tenant.map(found -> UserTokens.verify(token,
                claimed -> found == null ? Optional.empty() : Optional.ofNullable(found.secrets().inboxSecret()),
                Instant.now())
                .orElseThrow(() -> ProblemException.unauthorized("The inbox token is invalid or expired")));
    }
}
