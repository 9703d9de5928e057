package io.touchline.notification.domain;

import java.time.Duration;

/**
 * When a transiently failed delivery is tried again: exponential from {@code base}, at most
 * {@code max}, with jitter so that deliveries that failed together do not retry together.
 */
public record Backoff(Duration base, Duration max, int maxAttempts) {

    public Backoff {
        if (base.isNegative() || base.isZero() || max.compareTo(base) < 0 || maxAttempts < 1) {
            throw new IllegalArgumentException("base > 0, max >= base and maxAttempts >= 1");
        }
    }

    /** Whether another attempt follows the failed attempt number {@code attempt} (1-based). */
    public boolean retries(int attempt) {
        return attempt < maxAttempts;
    }

    /**
     * The wait after the failed attempt number {@code attempt}: {@code base * 2^(attempt-1)},
     * capped at {@code max}, then scaled by a factor between 0.5 and 1 ({@code random} in [0, 1)).
     */
    public Duration delay(int attempt, double random) {
        long baseMillis = base.toMillis();
        int doublings = Math.min(Math.max(attempt - 1, 0), 30);
        long exponential = baseMillis > (Long.MAX_VALUE >> doublings) ? Long.MAX_VALUE : baseMillis << doublings;
        long capped = Math.min(exponential, max.toMillis());
        return Duration.ofMillis(Math.round(capped * (0.5 + 0.5 * random)));
    }
}
