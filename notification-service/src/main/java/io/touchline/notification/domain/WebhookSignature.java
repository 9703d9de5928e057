package io.touchline.notification.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * The {@code Touchline-Signature} header of a generic webhook: {@code t=<Unix seconds>,v1=<hex
 * HMAC-SHA256 of "<t>.<body>" under the webhook's secret>}. A receiver recomputes v1 and rejects
 * a timestamp more than {@link #TOLERANCE} from its clock, so a captured request cannot be
 * replayed later.
 */
public final class WebhookSignature {

    public static final String HEADER = "Touchline-Signature";
    public static final Duration TOLERANCE = Duration.ofMinutes(5);

    private WebhookSignature() {
    }

    public static String header(String secret, Instant timestamp, String body) {
        long t = timestamp.getEpochSecond();
        return "t=" + t + ",v1=" + Hmac.hex(Hmac.sha256(secret, t + "." + body));
    }

    /** The receiver's check, as docs/notifications.md describes it. */
    public static boolean verify(String header, String body, String secret, Instant now) {
        if (header == null) {
            return false;
        }
        Long t = null;
        String v1 = null;
        for (String part : header.split(",")) {
            String[] pair = part.trim().split("=", 2);
            if (pair.length == 2 && pair[0].equals("t")) {
                try {
                    t = Long.parseLong(pair[1]);
                } catch (NumberFormatException e) {
                    return false;
                }
            } else if (pair.length == 2 && pair[0].equals("v1")) {
                v1 = pair[1];
            }
        }
        if (t == null || v1 == null
                || Duration.between(Instant.ofEpochSecond(t), now).abs().compareTo(TOLERANCE) > 0) {
            return false;
        }
        return Hmac.same(v1, Hmac.hex(Hmac.sha256(secret, t + "." + body)));
    }
}
