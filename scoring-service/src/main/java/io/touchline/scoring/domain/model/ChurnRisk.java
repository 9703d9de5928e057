package io.touchline.scoring.domain.model;

import java.util.List;
import java.util.Locale;

/**
 * The probability that an account churns, with what drives it.
 *
 * @param probability 0-1, three decimals; null while the risk is unknown (no usage yet)
 * @param level unknown, low, medium or high
 * @param modelVersion the churn model that made it: 0 for the built-in priors, else the tenant's
 *        trained version (docs/scoring-model.md)
 * @param highThreshold the probability from which the risk is high (medium from half of it)
 * @param intercept the log-odds before any factor: with the factors' contributions it adds up to
 *        {@code logit(probability)}
 * @param factors each feature's part in the log-odds
 */
public record ChurnRisk(Double probability, Level level, int modelVersion, double highThreshold, double intercept,
        List<Factor> factors) {

    /** Risk levels: high from the model's threshold, medium from half of it, else low. */
    public enum Level {
        UNKNOWN,
        LOW,
        MEDIUM,
        HIGH;

        public static Level of(double probability, double highThreshold) {
            return probability >= highThreshold ? HIGH : probability >= highThreshold / 2 ? MEDIUM : LOW;
        }

        private final String wireName = name().toLowerCase(Locale.ROOT);

        public String wireName() {
            return wireName;
        }
    }

    /** No verdict: the account has shown no usage yet. */
    public static ChurnRisk unknown(int modelVersion, double highThreshold) {
        return new ChurnRisk(null, Level.UNKNOWN, modelVersion, highThreshold, 0, List.of());
    }

    /**
     * One feature of the logistic model.
     *
     * @param name the feature, e.g. {@code RECENCY deficit} or {@code events 28d (log)}
     * @param value the feature's value (null: no data, contributes nothing)
     * @param coefficient its weight in the log-odds per unit of value
     * @param contribution {@code coefficient * (value - average)}, in log-odds
     * @param average the tenant's average value the contribution is measured from (null: 0, the
     *        priors measure from no deficit)
     */
    public record Factor(String name, Double value, double coefficient, double contribution, Double average) {

        public Factor(String name, Double value, double coefficient, double contribution) {
            this(name, value, coefficient, contribution, null);
        }
    }
}
