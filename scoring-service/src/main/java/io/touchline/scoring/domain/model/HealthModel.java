package io.touchline.scoring.domain.model;

import java.util.ArrayList;
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
        double weighted = 0;
        double weights = 0;
        boolean partial = false;
        for (Measure measure : Measure.values()) {
            Scorecard.Weighted w = scorecard.measures().get(measure);
            if (w == null || w.weight() == 0) {
                continue;
            }
            Double input = inputs.get(measure);
            if (input == null || input.isNaN()) {
                partial = true;
                continue;
            }
            double value = w.curve().apply(input);
            weighted += w.weight() * value;
            weights += w.weight();
        }
        double score = weights == 0 ? 0 : round1(weighted / weights);
        List<Health.MeasureResult> results = new ArrayList<>();
        for (Measure measure : Measure.values()) {
            Scorecard.Weighted w = scorecard.measures().get(measure);
            if (w == null) {
                continue;
            }
            Double input = inputs.get(measure);
            if (input == null || input.isNaN() || w.weight() == 0) {
                results.add(new Health.MeasureResult(measure, input, null, w.weight(), 0));
                continue;
            }
            double value = w.curve().apply(input);
            results.add(new Health.MeasureResult(measure, input, round1(value), w.weight(),
                    round2(w.weight() * value / weights)));
        }
        // Without any measure with data the score is 0 and marked partial: nothing vouches for health.
        Band band = scorecard.bands().next(score, currentBand);
        return new Health(score, band, partial || weights == 0, scorecard.version(), List.copyOf(results));
    }

    static double round1(double value) {
        return Math.round(value * 10) / 10.0;
    }

    static double round2(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
