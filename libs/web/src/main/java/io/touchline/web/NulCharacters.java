package io.touchline.web;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MultivaluedMap;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses a path or query parameter that holds a NUL character ({@code %00}) with a 400 naming
 * it: no id, filter or token has one, and PostgreSQL cannot store one in text, so it would
 * otherwise fail as a 500 deep in a query. Runs after authentication, so an unauthenticated
 * caller learns nothing from it.
 */
public class NulCharacters {

    @ServerRequestFilter(priority = Priorities.USER + 100)
    public void refuse(ContainerRequestContext request) {
        check(request.getUriInfo().getPathParameters());
        check(request.getUriInfo().getQueryParameters());
    }

    private static void check(MultivaluedMap<String, String> parameters) {
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            for (String value : parameter.getValue()) {
                if (value != null && value.indexOf('\0') >= 0) {
                    throw ProblemException.invalidField(parameter.getKey(), "characters",
                            "must not contain a NUL character (%00)");
                }
            }
        }
    }
}
