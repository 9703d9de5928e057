package io.touchline.scoring.domain.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Churn risk as a logistic model over the health measures and the time to renewal:
 * {@code p = 1 / (1 + e^-(b0 + sum(b_i * x_i)))}, where for each measure
 * {@code x = (100 - value) / 100} (its deficit) and for the renewal
 * {@code x = max(0, 1 - daysToRenewal / 180)} (its proximity). A feature without data
 * contributes nothing and is listed as such. docs/scoring-model.md explains the defaults.
 */
public record ChurnModel(double intercept, Map<Measure, Double> deficitCoefficients, double renewalCoefficient) {

    private static final Map<Measure, String> DEFICIT_NAMES = new EnumMap<>(Measure.class);

    static {
        for (Measure measure : Measure.values()) {
            DEFICIT_NAMES.put(measure, measure.name() + " deficit");
        }
    }

    /** Days to renewal from which the renewal starts adding risk. */
    public static final double RENEWAL_HORIZON_DAYS = 180;

    public ChurnModel {
        deficitCoefficients = Measure.copyOf(deficitCoefficients);
    }

    public static ChurnModel defaults() {
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

    /**
     * @param health the account's health, whose measure values are the model's inputs
     * @param daysToRenewal days until the contract renews (null: unknown)
     */
    public ChurnRisk predict(Health health, Long daysToRenewal) {
        double logit = intercept;
        List<ChurnRisk.Factor> factors = new ArrayList<>(health.measures().size() + 1);
        for (Health.MeasureResult measure : health.measures()) {
            Double coefficient = deficitCoefficients.get(measure.measure());
            if (coefficient == null) {
                continue;
            }
            String name = DEFICIT_NAMES.get(measure.measure());
            if (measure.value() == null) {
                factors.add(new ChurnRisk.Factor(name, null, coefficient, 0));
                continue;
            }
            double deficit = (100 - measure.value()) / 100;
            double contribution = coefficient * deficit;
            logit += contribution;
            factors.add(new ChurnRisk.Factor(name, round3(deficit), coefficient, round3(contribution)));
        }
        if (daysToRenewal == null) {
            factors.add(new ChurnRisk.Factor("renewal proximity", null, renewalCoefficient, 0));
        } else {
            double proximity = Math.max(0, 1 - daysToRenewal / RENEWAL_HORIZON_DAYS);
            double contribution = renewalCoefficient * proximity;
            logit += contribution;
            factors.add(new ChurnRisk.Factor("renewal proximity", round3(proximity), renewalCoefficient,
                    round3(contribution)));
        }
        double probability = round3(1 / (1 + Math.exp(-logit)));
        return new ChurnRisk(probability, ChurnRisk.Level.of(probability), intercept, Collections.unmodifiableList(factors));
    }

    static double round3(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
