package io.touchline.scoring.domain.model;

import java.util.Map;

import io.touchline.scoring.domain.signal.SignalRules;
import io.touchline.scoring.domain.state.EventVocabulary;

/**
 * Everything a tenant configures about scoring, as one version: the scorecard, its variants per
 * touch tier or lifecycle stage, the event names that feed the measures, the signal thresholds and
 * the tier boundaries. Every score names the version that made it.
 *
 * @param variants scorecards keyed by a tier ({@code high-touch}, {@code low-touch},
 *        {@code tech-touch}) or a stage ({@code onboarding}, {@code adoption}, {@code renewal});
 *        a stage variant wins over a tier variant
 */
public record TenantScorecard(int version, Scorecard scorecard, Map<String, Scorecard> variants,
        EventVocabulary events, SignalRules signals, TouchTier.Boundaries tiers) {

    /** The version every tenant starts on, built in: the defaults of docs/scoring-model.md. */
    public static final int DEFAULT_VERSION = 1;

    public TenantScorecard {
        variants = Map.copyOf(variants);
    }

    public static TenantScorecard defaults() {
        return new TenantScorecard(DEFAULT_VERSION, Scorecard.defaults(), Map.of(), EventVocabulary.DEFAULT,
                SignalRules.DEFAULT, TouchTier.Boundaries.DEFAULT);
    }

    /** The scorecard for an account of this tier (may be null) and stage. */
    public Scorecard forAccount(TouchTier tier, LifecycleStage stage) {
        Scorecard byStage = variants.get(stage.wireName());
        if (byStage != null) {
            return byStage;
        }
        Scorecard byTier = tier == null ? null : variants.get(tier.wireName());
        return byTier != null ? byTier : scorecard;
    }
}
