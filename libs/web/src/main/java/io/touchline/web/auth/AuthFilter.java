package io.touchline.web.auth;

import java.lang.reflect.Method;
import java.util.Arrays;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.touchline.web.ProblemException;

/** Authenticates requests to resources marked {@link RequiresScope}: 401 without a valid key, 403 without the scope. */
public class AuthFilter {

    private final ApiKeyLookup keys;
    private final CurrentCaller currentCaller;

    @Inject
    public AuthFilter(ApiKeyLookup keys, CurrentCaller currentCaller) {
        this.keys = keys;
        this.currentCaller = currentCaller;
    }

    @ServerRequestFilter
    public void authenticate(ContainerRequestContext request, ResourceInfo resource) {
        RequiresScope required = requirement(resource);
        if (required == null) {
            return;
        }
        String key = Credentials.keyFrom(request.getHeaderString(HttpHeaders.AUTHORIZATION))
                .orElseThrow(() -> ProblemException.unauthorized(
                        "Send an API key as 'Authorization: Bearer <key>' or as the Basic user name"));
        Caller caller = keys.lookup(key).orElseThrow(() -> ProblemException.unauthorized("Unknown or revoked API key"));
        if (Arrays.stream(required.value()).noneMatch(caller.scopes()::contains)) {
            throw ProblemException.forbidden("This key lacks the scope this endpoint needs: one of "
                    + Arrays.stream(required.value()).map(Scope::wireName).toList());
        }
        currentCaller.set(caller);
    }

    private static RequiresScope requirement(ResourceInfo resource) {
        Method method = resource.getResourceMethod();
        if (method == null) {
            return null;
        }
        RequiresScope onMethod = method.getAnnotation(RequiresScope.class);
        return onMethod != null ? onMethod : resource.getResourceClass().getAnnotation(RequiresScope.class);
    }
}
