package io.touchline.notification.domain;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The inbox's per-user tokens, which a tenant's backend mints for its signed-in user and the
 * browser sends: a JSON Web Token signed with HS256 under the tenant's inbox secret, whose
 * claims are {@code tid} (the tenant), {@code sub} (the user id) and {@code exp} (expiry, Unix
 * seconds). Only HS256 is accepted, so a token cannot pick a weaker algorithm ({@code none}).
 */
public final class UserTokens {

    /** Whose inbox a valid token opens. */
    public record User(String tenantId, String userId) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HEADER = Hmac.base64Url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");

    private UserTokens() {
    }

    /** Whether a bearer credential has a token's shape (three dot-separated parts), not an API key's. */
    public static boolean looksLikeToken(String credential) {
        return credential.chars().filter(c -> c == '.').count() == 2;
    }

    /** A token, as a tenant's backend mints one (docs/notifications.md has the same in 10 lines of Node). */
    public static String mint(String tenantId, String userId, Instant expiry, String secret) {
        String payload = Hmac.base64Url(JSON.createObjectNode().put("tid", tenantId).put("sub", userId)
                .put("exp", expiry.getEpochSecond()).toString());
        return HEADER + "." + payload + "." + Hmac.base64Url(Hmac.sha256(secret, HEADER + "." + payload));
    }

    /** The tenant a token claims, unverified: which secret to verify it with. Null when it names none. */
    public static String claimedTenant(String token) {
        String[] parts = token.split("\\.", -1);
        JsonNode claims = parts.length == 3 ? parse(parts[1]) : null;
        return claims == null ? null : claims.path("tid").asText(null);
    }

    /**
     * The user of a valid token: well formed, HS256, signed with its tenant's inbox secret (which
     * {@code secrets} looks up, empty when the tenant has none) and not expired at {@code now}.
     */
    public static Optional<User> verify(String token, Function<String, Optional<String>> secrets, Instant now) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        JsonNode header = parse(parts[0]);
        JsonNode claims = parse(parts[1]);
        if (header == null || claims == null || !"HS256".equals(header.path("alg").asText(null))) {
            return Optional.empty();
        }
        String tenantId = claims.path("tid").asText(null);
        String userId = claims.path("sub").asText(null);
        JsonNode expiry = claims.get("exp");
        if (tenantId == null || userId == null || userId.isBlank() || expiry == null || !expiry.canConvertToLong()) {
            return Optional.empty();
        }
        Optional<String> secret = secrets.apply(tenantId);
        if (secret.isEmpty()
                || !Hmac.same(parts[2], Hmac.base64Url(Hmac.sha256(secret.get(), parts[0] + "." + parts[1])))) {
            return Optional.empty();
        }
        if (expiry.asLong() <= now.getEpochSecond()) {
            return Optional.empty();
        }
        return Optional.of(new User(tenantId, userId));
    }

    private static JsonNode parse(String part) {
        String json = Hmac.fromBase64Url(part);
        if (json == null) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(json);
            return node != null && node.isObject() ? node : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
