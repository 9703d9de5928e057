package io.touchline.scoring.domain.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The health score: {@code score = sum(w * m) / sum(w)} over the measures that have data
 * (Gainsight's group score); a measure without data is left out and its weight shared by the
 * others, and the score says it is partial.
 */
public final class HealthModel {

    /** Cached: {@code values()} copies its array on every call, and scoring runs on every event. */
    private static final Measure[] MEASURES = Measure.values();

    private HealthModel() {
    }

    /**
     * @param inputs the raw input of each measure that has data
     * @param currentBand the account's band before this score (null: none yet), for hysteresis
     */
    public static Health score(Scorecard scorecard, Map<Measure, Double> inputs, Band currentBand) {
        // Each measure's value by ordinal, NaN without data: no map or boxing per event.
        double[] values = new double[MEASURES.length];
        int withData = 0;
        double weighted = 0;
        double weights = 0;
        for (Measure measure : MEASURES) {
            values[measure.ordinal()] = Double.NaN;
            Scorecard.Weighted w = scorecard.measures().get(measure);
            Double input = inputs.get(measure);
            if (w == null || w.weight() == 0 || input == null || input.isNaN()) {
                continue;
            }
            double value = w.curve().apply(input);
            values[measure.ordinal()] = value;
            withData++;
            weighted += w.weight() * value;
            weights += w.weight();
        }
        double score = weights == 0 ? 0 : round1(weighted / weights);
        List<Health.MeasureResult> results = new ArrayList<>(scorecard.measures().size());
        int weighed = 0;
        for (Measure measure : MEASURES) {
            Scorecard.Weighted w = scorecard.measures().get(measure);
            if (w == null) {
                continue;
            }
            double value = values[measure.ordinal()];
            if (w.weight() > 0) {
                weighed++;
            }
            results.add(Double.isNaN(value)
                    ? new Health.MeasureResult(measure, inputs.get(measure), null, w.weight(), 0)
                    : new Health.MeasureResult(measure, inputs.get(measure), round1(value), w.weight(),
                            round2(w.weight() * value / weights)));
        }
        // A measure left out makes the score partial; with none at all the score is 0 and
        // partial: nothing vouches for health.
        boolean partial = withData < weighed || weights == 0;
        Band band = scorecard.bands().next(score, currentBand);
        return new Health(score, band, partial, scorecard.version(), Collections.unmodifiableList(results));
    }

    static double round1(double value) {
        return Math.round(value * 10) / 10.0;
    }

    static double round2(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
