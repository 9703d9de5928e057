package io.touchline.web.auth;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** {@code touchline.auth.*}: the API keys this service accepts (env {@code TOUCHLINE_AUTH_KEYS}). */
@ConfigMapping(prefix = "touchline.auth")
public interface AuthConfig {

    /** Entries {@code <sha256-hex>:<tenant>:<scope>[+<scope>]}; see {@link ApiKeys}. */
    Optional<List<String>> keys();
}
