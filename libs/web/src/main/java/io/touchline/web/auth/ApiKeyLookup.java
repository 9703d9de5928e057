package io.touchline.web.auth;

import java.util.Optional;

/**
 * Finds the caller an API key belongs to. Every service accepts the configured keys
 * ({@link ConfiguredApiKeys}); a service with a key store of its own provides a bean of this
 * type, which then replaces the default.
 */
public interface ApiKeyLookup {

    Optional<Caller> lookup(String rawKey);
}
