package io.touchline.scoring.domain.model;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The health score: {@code score = sum(w * m) / sum(w)} over the measures that have data
 * (Gainsight's group score); a measure without data is left out and its weight shared by the
 * others, and the score says it is partial.
 */
public final class HealthModel {

    private HealthModel() {
    }

    /**
     * @param inputs the raw input of each measure that has data
     * @param currentBand the account's band before this score (null: none yet), for hysteresis
     */
    public static Health score(Scorecard scorecard, Map<Measure, Double> inputs, Band currentBand) {
        Map<Measure, Double> values = new EnumMap<>(Measure.class);
        double weighted = 0;
        double weights = 0;
        for (Measure measure : Measure.values()) {
            Scorecard.Weighted w = scorecard.measures().get(measure);
            Double input = inputs.get(measure);
            if (w == null || w.weight() == 0 || input == null || input.isNaN()) {
                continue;
            }
            double value = w.curve().apply(input);
            values.put(measure, value);
            weighted += w.weight() * value;
            weights += w.weight();
        }
        double score = weights == 0 ? 0 : round1(weighted / weights);
        List<Health.MeasureResult> results = new ArrayList<>(scorecard.measures().size());
        int weighed = 0;
        for (Measure measure : Measure.values()) {
            Scorecard.Weighted w = scorecard.measures().get(measure);
            if (w == null) {
                continue;
            }
            Double value = values.get(measure);
            if (w.weight() > 0) {
                weighed++;
            }
            results.add(value == null
                    ? new Health.MeasureResult(measure, inputs.get(measure), null, w.weight(), 0)
                    : new Health.MeasureResult(measure, inputs.get(measure), round1(value), w.weight(),
                            round2(w.weight() * value / weights)));
        }
        // A measure left out makes the score partial; with none at all the score is 0 and
        // partial: nothing vouches for health.
        boolean partial = values.size() < weighed || weights == 0;
        Band band = scorecard.bands().next(score, currentBand);
        return new Health(score, band, partial, scorecard.version(), List.copyOf(results));
    }

    static double round1(double value) {
        return Math.round(value * 10) / 10.0;
    }

    static double round2(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
