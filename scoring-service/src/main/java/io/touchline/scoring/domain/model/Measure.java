package io.touchline.scoring.domain.model;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The measures a health score is built from, each scored 0-100 through its scorecard curve from
 * one raw input (the {@code x} of the curve).
 */
public enum Measure {
    /** x = users active in the last 30 days / licensed seats. */
    SEAT_ACTIVATION,
    /** x = days since the account's last activity. */
    RECENCY,
    /** x = share of the tenant's key features used in the last 30 days (0-1). */
    FEATURE_BREADTH,
    /** x = events per day over the last 7 days / events per day over the 28 days before. */
    USAGE_TREND,
    /** x = share of the onboarding setup steps completed (0-1). */
    ONBOARDING,
    /** x = support tickets open now. */
    SUPPORT_LOAD,
    /** x = the latest survey answer on the NPS scale (0-10). */
    SENTIMENT,
    /** x = primary-contact changes in the last 90 days. */
    RELATIONSHIP;

    /** An unmodifiable copy indexed by measure, cheaper to read than {@code Map.copyOf}'s hashing. */
    public static <V> Map<Measure, V> copyOf(Map<Measure, V> map) {
        EnumMap<Measure, V> copy = new EnumMap<>(Measure.class);
        map.forEach((measure, value) -> copy.put(measure, Objects.requireNonNull(value)));
        return Collections.unmodifiableMap(copy);
    }
}
