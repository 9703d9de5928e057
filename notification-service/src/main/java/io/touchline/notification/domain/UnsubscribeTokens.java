package io.touchline.notification.domain;

import java.util.Optional;
import java.util.function.Function;

/**
 * The token of an unsubscribe link: tenant, recipient and channel, signed with the tenant's
 * signing secret, so the link works without login and cannot be made up for someone else. It
 * does not expire: a link in an old email still unsubscribes.
 */
public final class UnsubscribeTokens {

    /** Who opts out of what. */
    public record OptOut(String tenantId, String recipient, String channel) {
    }

    private static final String SEPARATOR = "\n";

    private UnsubscribeTokens() {
    }

    public static String sign(OptOut optOut, String secret) {
        String payload = Hmac.base64Url(String.join(SEPARATOR, optOut.tenantId(), optOut.recipient(), optOut.channel()));
        return payload + "." + Hmac.base64Url(Hmac.sha256(secret, payload));
    }

    /** What a token claims, before its signature is checked; empty when it is not a token. */
    public static Optional<OptOut> claimed(String token) {
        String[] parts = token == null ? new String[0] : token.split("\\.", -1);
        String payload = parts.length == 2 ? Hmac.fromBase64Url(parts[0]) : null;
        String[] fields = payload == null ? new String[0] : payload.split(SEPARATOR, -1);
        return fields.length == 3 ? Optional.of(new OptOut(fields[0], fields[1], fields[2])) : Optional.empty();
    }

    /** The opt-out a token carries, when its signature is its tenant's ({@code secrets} looks the secret up). */
    public static Optional<OptOut> verify(String token, Function<String, Optional<String>> secrets) {
        return claimed(token).flatMap(optOut -> secrets.apply(optOut.tenantId())
                .filter(secret -> Hmac.same(token.substring(token.indexOf('.') + 1),
                        Hmac.base64Url(Hmac.sha256(secret, token.substring(0, token.indexOf('.'))))))
                .map(secret -> optOut));
    }
}
