package io.touchline.web.auth;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.DefaultBean;

/** The keys of {@code touchline.auth.keys}; the lookup of every service without a key store. */
@ApplicationScoped
@DefaultBean
public class ConfiguredApiKeys implements ApiKeyLookup {

    private final ApiKeys keys;

    public ConfiguredApiKeys(AuthConfig config) {
        this.keys = ApiKeys.parse(config.keys().orElse(List.of()));
    }

    @Override
    public Optional<Caller> lookup(String rawKey) {
        return keys.lookup(rawKey);
    }
}
