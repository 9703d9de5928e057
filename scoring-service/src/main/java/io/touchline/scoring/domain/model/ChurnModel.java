package io.touchline.scoring.domain.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.touchline.scoring.domain.churn.ChurnFeatures;
import io.touchline.scoring.domain.churn.ChurnPredictor;

/**
 * The built-in priors: churn risk as a logistic model over the health measures and the time to
 * renewal, with hand-set coefficients: {@code p = 1 / (1 + e^-(b0 + sum(b_i * x_i)))}, where for
 * each measure {@code x = (100 - value) / 100} (its deficit) and for the renewal
 * {@code x = max(0, 1 - daysToRenewal / 180)} (its proximity). A feature without data contributes
 * nothing and is listed as such. Active until a tenant's own model beats them
 * (docs/scoring-model.md).
 */
public record ChurnModel(double intercept, Map<Measure, Double> deficitCoefficients, double renewalCoefficient)
        implements
            ChurnPredictor {

    private static final Map<Measure, String> DEFICIT_NAMES = new EnumMap<>(Measure.class);

    static {
        for (Measure measure : Measure.values()) {
            DEFICIT_NAMES.put(measure, measure.name() + " deficit");
        }
    }

    /** The priors' version: 0, below every trained one. */
    public static final int PRIORS = 0;
    /** The priors' high-risk threshold. */
    public static final double HIGH_THRESHOLD = 0.5;

    private static final ChurnModel DEFAULTS = priors();

    public ChurnModel {
        deficitCoefficients = Measure.copyOf(deficitCoefficients);
    }

    public static ChurnModel defaults() {
        return DEFAULTS;
    }

    private static ChurnModel priors() {
        Map<Measure, Double> b = new EnumMap<>(Measure.class);
        b.put(Measure.RECENCY, 2.0);
        b.put(Measure.SEAT_ACTIVATION, 1.5);
        b.put(Measure.USAGE_TREND, 1.0);
        b.put(Measure.SENTIMENT, 1.0);
        b.put(Measure.SUPPORT_LOAD, 0.8);
        b.put(Measure.FEATURE_BREADTH, 0.5);
        b.put(Measure.RELATIONSHIP, 0.5);
        b.put(Measure.ONBOARDING, 0.5);
        return new ChurnModel(-3.0, b, 1.2);
    }

    @Override
    public int version() {
        return PRIORS;
    }

    @Override
    public double highThreshold() {
        return HIGH_THRESHOLD;
    }

    @Override
    public boolean readsUsage() {
        return false;
    }

    /**
     * @param health the account's health, whose measure values are the model's inputs
     * @param daysToRenewal days until the contract renews (null: unknown)
     */
    public ChurnRisk predict(Health health, Long daysToRenewal) {
        return predict(ChurnFeatures.measuresAndRenewal(health, daysToRenewal));
    }

    @Override
    public ChurnRisk predict(Map<String, Double> features) {
        double logit = intercept;
        List<ChurnRisk.Factor> factors = new ArrayList<>(Measure.values().length + 1);
        // In the features' order, which is the scorecard's; a measure the scorecard leaves out is absent.
        for (Map.Entry<String, Double> feature : features.entrySet()) {
            Measure measure = ChurnFeatures.measureOf(feature.getKey());
            Double coefficient = measure == null ? null : deficitCoefficients.get(measure);
            if (coefficient == null) {
                continue;
            }
            String name = DEFICIT_NAMES.get(measure);
            Double value = feature.getValue();
            if (value == null) {
                factors.add(new ChurnRisk.Factor(name, null, coefficient, 0));
                continue;
            }
            double deficit = (100 - value) / 100;
            double contribution = coefficient * deficit;
            logit += contribution;
            factors.add(new ChurnRisk.Factor(name, round3(deficit), coefficient, round3(contribution)));
        }
        Double proximity = features.get(ChurnFeatures.RENEWAL_PROXIMITY);
        if (proximity == null) {
            factors.add(new ChurnRisk.Factor("renewal proximity", null, renewalCoefficient, 0));
        } else {
            double contribution = renewalCoefficient * proximity;
            logit += contribution;
            factors.add(new ChurnRisk.Factor("renewal proximity", round3(proximity), renewalCoefficient,
                    round3(contribution)));
        }
        double probability = round3(1 / (1 + Math.exp(-logit)));
        return new ChurnRisk(probability, ChurnRisk.Level.of(probability, HIGH_THRESHOLD), PRIORS, HIGH_THRESHOLD,
                intercept, Collections.unmodifiableList(factors));
    }

    public static double round3(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
