package io.touchline.playbook.domain;

import java.util.Set;

/**
 * When a playbook fires: a signal type, and conditions on the account as the signal describes it.
 * An empty set or a null range is no condition; a condition on a value the signal lacks (no tier
 * known, say) is not met.
 *
 * @param signal the signal type, e.g. {@code HEALTH_BAND_CHANGED}
 * @param tiers touch tiers, by wire name
 * @param stages lifecycle stages
 * @param bands health bands
 * @param churnLevels churn risk levels
 * @param churnProbability churn probability, 0-1
 * @param score health score, 0-100
 */
public record Trigger(String signal, Set<String> tiers, Set<String> stages, Set<String> bands, Set<String> churnLevels,
        Range churnProbability, Range score) {

    public Trigger {
        tiers = Set.copyOf(tiers);
        stages = Set.copyOf(stages);
        bands = Set.copyOf(bands);
        churnLevels = Set.copyOf(churnLevels);
    }

    /** A trigger on the signal type alone. */
    public static Trigger on(String signal) {
        return new Trigger(signal, Set.of(), Set.of(), Set.of(), Set.of(), null, null);
    }

    public boolean matches(SignalFacts s) {
        return signal.equals(s.signalType()) && in(tiers, s.tier()) && in(stages, s.stage()) && in(bands, s.band())
                && in(churnLevels, s.churnLevel())
                && (churnProbability == null || churnProbability.contains(s.churnProbability()))
                && (score == null || score.contains(s.score()));
    }

    static boolean in(Set<String> allowed, String value) {
        return allowed.isEmpty() || value != null && allowed.contains(value);
    }
}
