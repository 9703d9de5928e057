package io.touchline.scoring.domain.model;

import java.util.Map;

import io.touchline.scoring.domain.churn.ChurnPredictor;
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
 * @param churn the tenant's active churn model, versioned on its own (the built-in priors until a
 *        trained model is activated)
 */
public record TenantScorecard(int version, Scorecard scorecard, Map<String, Scorecard> variants,
        EventVocabulary events, SignalRules signals, TouchTier.Boundaries tiers, ChurnPredictor churn) {

    /** The version every tenant starts on, built in: the defaults of docs/scoring-model.md. */
    public static final int DEFAULT_VERSION = 1;

    public TenantScorecard {
        variants = Map.copyOf(variants);
    }

    /** A scorecard with the built-in churn priors. */
    public TenantScorecard(int version, Scorecard scorecard, Map<String, Scorecard> variants, EventVocabulary events,
            SignalRules signals, TouchTier.Boundaries tiers) {
        this(version, scorecard, variants, events, signals, tiers, ChurnModel.defaults());
    }

    /** This scorecard with another churn model. */
    public TenantScorecard withChurn(ChurnPredictor model) {
        return new TenantScorecard(version, scorecard, variants, events, signals, tiers, model);
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
