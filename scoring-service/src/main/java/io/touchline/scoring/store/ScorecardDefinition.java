package io.touchline.scoring.store;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.touchline.scoring.domain.model.Bands;
import io.touchline.scoring.domain.model.Curve;
import io.touchline.scoring.domain.model.LifecycleStage;
import io.touchline.scoring.domain.model.Measure;
import io.touchline.scoring.domain.model.Scorecard;
import io.touchline.scoring.domain.model.TenantScorecard;
import io.touchline.scoring.domain.model.TouchTier;
import io.touchline.scoring.domain.signal.SignalRules;
import io.touchline.scoring.domain.state.EventVocabulary;
import io.touchline.web.Problem.FieldError;

/**
 * A tenant scorecard as JSON, the form the API accepts and the store keeps. Every part is
 * optional and falls back to the defaults; a variant's missing parts fall back to the main
 * scorecard. {@link #validate} names every field that breaks a rule.
 */
public record ScorecardDefinition(Map<String, MeasureDefinition> measures, BandsDefinition bands,
        Map<String, VariantDefinition> variants, EventVocabulary events, SignalRules signals,
        TouchTier.Boundaries tiers) {

    /** The largest weight a measure may have; the defaults sum to 100. */
    public static final int MAX_WEIGHT = 1000;

    /** A measure's weight and curve as {@code [[x, value], ...]}. */
    public record MeasureDefinition(Double weight, List<List<Double>> curve) {
    }

    public record BandsDefinition(Double redBelow, Double greenFrom, Double hysteresis) {
    }

    /** A variant for one touch tier or lifecycle stage. */
    public record VariantDefinition(Map<String, MeasureDefinition> measures, BandsDefinition bands) {
    }

    /** The outcome of validation: the scorecard, or what is wrong with the definition. */
    public record Validation(TenantScorecard scorecard, List<FieldError> errors) {

        public boolean valid() {
            return errors.isEmpty();
        }
    }

    private static final Set<String> VARIANT_KEYS = variantKeys();

    /** The built-in defaults in this form. */
    public static ScorecardDefinition of(TenantScorecard card) {
        Map<String, VariantDefinition> variants = new TreeMap<>();
        card.variants().forEach((key, variant) -> variants.put(key,
                new VariantDefinition(measures(variant), bands(variant.bands()))));
        return new ScorecardDefinition(measures(card.scorecard()), bands(card.scorecard().bands()), variants,
                card.events(), card.signals(), card.tiers());
    }

    public Validation validate(int version) {
        List<FieldError> errors = new ArrayList<>();
        TenantScorecard defaults = TenantScorecard.defaults();
        Scorecard main = scorecard(version, "", measures, bands, defaults.scorecard(), errors);
        Map<String, Scorecard> variantCards = new LinkedHashMap<>();
        if (variants != null) {
            variants.forEach((key, variant) -> {
                if (!VARIANT_KEYS.contains(key)) {
                    errors.add(new FieldError("variants." + key, "variant-key",
                            "must be a touch tier (high-touch, low-touch, tech-touch) or a lifecycle stage"
                                    + " (onboarding, adoption, renewal)"));
                } else if (variant == null) {
                    errors.add(new FieldError("variants." + key, "required", "must be an object"));
                } else if (main != null) {
                    Scorecard card = scorecard(version, "variants." + key + ".", variant.measures(), variant.bands(),
                            main, errors);
                    if (card != null) {
                        variantCards.put(key, card);
                    }
                }
            });
        }
        if (events != null && (events.setupStepCompleted() == null || events.ticketOpened() == null
                || events.ticketClosed() == null || events.surveyResponded() == null || events.featureUsed() == null)) {
            errors.add(new FieldError("events", "required",
                    "must name setupStepCompleted, ticketOpened, ticketClosed, surveyResponded and featureUsed"));
        }
        if (!errors.isEmpty() || main == null) {
            return new Validation(null, List.copyOf(errors));
        }
        return new Validation(new TenantScorecard(version, main, variantCards,
                events != null ? events : defaults.events(), signals != null ? signals : defaults.signals(),
                tiers != null ? tiers : defaults.tiers()), List.of());
    }

    private static Scorecard scorecard(int version, String prefix, Map<String, MeasureDefinition> measures,
            BandsDefinition bands, Scorecard fallback, List<FieldError> errors) {
        int before = errors.size();
        Map<Measure, Scorecard.Weighted> weighted = new EnumMap<>(fallback.measures());
        if (measures != null) {
            measures.forEach((name, definition) -> {
                String field = prefix + "measures." + name;
                Measure measure;
                try {
                    measure = Measure.valueOf(name.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    errors.add(new FieldError(field, "measure", "must be one of " + List.of(Measure.values())));
                    return;
                }
                // Bounded, so that no sum of weights overflows.
                if (definition == null || definition.weight() == null
                        || !(definition.weight() >= 0 && definition.weight() <= MAX_WEIGHT)) {
                    errors.add(new FieldError(field + ".weight", "range", "must be a number from 0 to " + MAX_WEIGHT));
                    return;
                }
                Curve curve = definition.curve() == null ? fallback.measures().get(measure).curve()
                        : curve(field + ".curve", definition.curve(), errors);
                if (curve != null) {
                    weighted.put(measure, new Scorecard.Weighted(definition.weight(), curve));
                }
            });
        }
        if (weighted.values().stream().mapToDouble(Scorecard.Weighted::weight).sum() <= 0) {
            errors.add(new FieldError(prefix + "measures", "weights", "at least one measure needs a weight above 0"));
        }
        Bands band = fallback.bands();
        if (bands != null) {
            try {
                band = new Bands(bands.redBelow() != null ? bands.redBelow() : band.redBelow(),
                        bands.greenFrom() != null ? bands.greenFrom() : band.greenFrom(),
                        bands.hysteresis() != null ? bands.hysteresis() : band.hysteresis());
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError(prefix + "bands", "bands", e.getMessage()));
            }
        }
        return errors.size() > before ? null : new Scorecard(version, weighted, band);
    }

    private static Curve curve(String field, List<List<Double>> points, List<FieldError> errors) {
        List<Curve.Point> result = new ArrayList<>();
        for (List<Double> point : points) {
            if (point == null || point.size() != 2 || point.get(0) == null || point.get(1) == null) {
                errors.add(new FieldError(field, "points", "must be a list of [x, value] pairs"));
                return null;
            }
            result.add(new Curve.Point(point.get(0), point.get(1)));
        }
        try {
            return new Curve(result);
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(field, "curve", e.getMessage()));
            return null;
        }
    }

    private static Map<String, MeasureDefinition> measures(Scorecard card) {
        Map<String, MeasureDefinition> result = new LinkedHashMap<>();
        card.measures().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> result.put(e.getKey().name(),
                new MeasureDefinition(e.getValue().weight(), e.getValue().curve().points().stream()
                        .map(p -> List.of(p.x(), p.value())).toList())));
        return result;
    }

    private static BandsDefinition bands(Bands bands) {
        return new BandsDefinition(bands.redBelow(), bands.greenFrom(), bands.hysteresis());
    }

    private static Set<String> variantKeys() {
        Set<String> keys = new java.util.HashSet<>();
        for (TouchTier tier : TouchTier.values()) {
            keys.add(tier.wireName());
        }
        for (LifecycleStage stage : LifecycleStage.values()) {
            keys.add(stage.wireName());
        }
        return Set.copyOf(keys);
    }
}
