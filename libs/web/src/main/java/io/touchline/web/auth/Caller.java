package io.touchline.web.auth;

import java.util.Set;

/** Who made a request: the tenant its key belongs to and what the key may do. */
public record Caller(String tenantId, Set<Scope> scopes) {

    public Caller {
        scopes = Set.copyOf(scopes);
    }
}
