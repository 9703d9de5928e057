package io.touchline.ingest.domain;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one write key may do. A key with allowed origins is a browser key: it is public (anyone
 * can read it from the page), so it only writes events, only from those origins when a browser
 * sends it, at a bounded rate per client address, and it may not set the known account traits
 * that route work and money (tier, owner, contact, contract) unless the key names them in
 * {@code allowedTraits}. A key without origins is a server key, which browsers never get to use.
 *
 * @param keyId the key's id, or null for a configured key
 */
public record KeyPolicy(String keyId, String tenantId, Set<String> allowedOrigins, Set<String> allowedTraits) {

    /** The account traits only server keys set: every known trait but {@code name} (docs/account-traits.md). */
    public static final Set<String> PROTECTED_TRAITS = Set.copyOf(new TreeSet<>(List.of("plan", "mrr", "currency",
            "seats", "contractStart", "renewalDate", "csmOwner", "primaryContact", "employees", "importance",
            "expansionPotential", "status", "churnedAt")));

    public static final int MAX_ORIGINS = 50;

    public KeyPolicy {
        allowedOrigins = Set.copyOf(allowedOrigins);
        allowedTraits = Set.copyOf(allowedTraits);
    }

    public static KeyPolicy server(String keyId, String tenantId) {
        return new KeyPolicy(keyId, tenantId, Set.of(), Set.of());
    }

    public boolean isBrowserKey() {
        return !allowedOrigins.isEmpty();
    }

    /** @param origin the request's {@code Origin} header, or null when no browser sent it */
    public boolean allowsOrigin(String origin) {
        return origin == null || normalizeOrigin(origin).map(allowedOrigins::contains).orElse(false);
    }

    /** The known account traits this key may not set. */
    public Set<String> forbiddenTraits() {
        if (!isBrowserKey()) {
            return Set.of();
        }
        Set<String> forbidden = new TreeSet<>(PROTECTED_TRAITS);
        forbidden.removeAll(allowedTraits);
        return Set.copyOf(forbidden);
    }

    /**
     * An origin as browsers send it: {@code http} or {@code https}, a host and an optional port,
     * nothing else; lower-cased, with a default port dropped.
     */
    public static Optional<String> normalizeOrigin(String origin) {
        if (origin == null || origin.isBlank() || origin.length() > 300) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(origin.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null
                    || uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null
                    || !(uri.getRawPath() == null || uri.getRawPath().isEmpty())) {
                return Optional.empty();
            }
            int port = uri.getPort();
            boolean defaultPort = port == -1 || scheme.equals("http") && port == 80 || scheme.equals("https") && port == 443;
            return Optional.of(scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}
