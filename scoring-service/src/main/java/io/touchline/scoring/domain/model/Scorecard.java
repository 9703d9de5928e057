package io.touchline.scoring.domain.model;

import java.util.EnumMap;
import java.util.Map;

/**
 * How health is scored: a weight and a curve per measure, and the bands. Part of a tenant's
 * {@link TenantScorecard}, whose version every score names.
 */
public record Scorecard(int version, Map<Measure, Weighted> measures, Bands bands) {

    /** A measure's weight in the score and its curve from raw input to 0-100. */
    public record Weighted(double weight, Curve curve) {

        public Weighted {
            if (weight < 0) {
                throw new IllegalArgumentException("weights are not negative");
            }
        }
    }

    public Scorecard {
        measures = Measure.copyOf(measures);
    }

    /** The defaults of docs/scoring-model.md. */
    public static Scorecard defaults() {
        Map<Measure, Weighted> measures = new EnumMap<>(Measure.class);
        measures.put(Measure.SEAT_ACTIVATION, new Weighted(20, Curve.of(0, 0, 0.2, 30, 0.5, 70, 0.8, 100)));
        measures.put(Measure.RECENCY, new Weighted(20, Curve.of(1, 100, 3, 90, 7, 70, 14, 30, 30, 0)));
        measures.put(Measure.FEATURE_BREADTH, new Weighted(15, Curve.of(0, 0, 0.5, 70, 0.8, 100)));
        measures.put(Measure.USAGE_TREND, new Weighted(15, Curve.of(0, 0, 0.5, 30, 0.8, 60, 1.0, 80, 1.2, 100)));
        measures.put(Measure.ONBOARDING, new Weighted(10, Curve.of(0, 0, 1, 100)));
        measures.put(Measure.SUPPORT_LOAD, new Weighted(10, Curve.of(0, 100, 1, 80, 3, 50, 5, 20, 8, 0)));
        measures.put(Measure.SENTIMENT, new Weighted(5, Curve.of(0, 0, 6, 40, 7, 60, 9, 90, 10, 100)));
        measures.put(Measure.RELATIONSHIP, new Weighted(5, Curve.of(0, 100, 1, 50, 2, 20, 3, 0)));
        return new Scorecard(TenantScorecard.DEFAULT_VERSION, measures, Bands.DEFAULT);
    }
}
