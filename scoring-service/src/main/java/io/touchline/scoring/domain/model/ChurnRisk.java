package io.touchline.scoring.domain.model;

import java.util.List;
import java.util.Locale;

/**
 * The probability that an account churns before its next renewal, with what drives it.
 *
 * @param probability 0-1, three decimals
 * @param level low, medium or high
 * @param factors each factor's part in the log-odds; with the intercept they add up to
 *        {@code logit(probability)}
 */
public record ChurnRisk(double probability, Level level, double intercept, List<Factor> factors) {

    /** Risk levels: low below 0.25, high from 0.5. */
    public enum Level {
        LOW,
        MEDIUM,
        HIGH;

        public static Level of(double probability) {
            return probability < 0.25 ? LOW : probability < 0.5 ? MEDIUM : HIGH;
        }

        private final String wireName = name().toLowerCase(Locale.ROOT);

        public String wireName() {
            return wireName;
        }
    }

    /**
     * One feature of the logistic model.
     *
     * @param name the feature, e.g. {@code RECENCY deficit} or {@code renewal proximity}
     * @param value the feature's value, 0-1 (null: no data, contributes nothing)
     * @param coefficient its weight in the log-odds
     * @param contribution coefficient * value, in log-odds
     */
    public record Factor(String name, Double value, double coefficient, double contribution) {
    }
}
