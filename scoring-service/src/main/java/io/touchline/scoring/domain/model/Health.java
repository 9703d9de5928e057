package io.touchline.scoring.domain.model;

import java.util.List;

/**
 * A computed health score with its explanation.
 *
 * @param score 0-100, one decimal
 * @param band the band after hysteresis
 * @param partial true when a measure had no data and its weight went to the others
 * @param scorecardVersion the scorecard that made it
 * @param measures every measure of the scorecard, with or without data
 */
public record Health(double score, Band band, boolean partial, int scorecardVersion, List<MeasureResult> measures) {

    /**
     * One measure's part in the score.
     *
     * @param input the raw input (null: no data, left out)
     * @param value the measure, 0-100 (null without data)
     * @param weight the scorecard weight
     * @param contribution points of the final score this measure brought: weight * value / sum of
     *        the weights with data; the contributions add up to the score
     */
    public record MeasureResult(Measure measure, Double input, Double value, double weight, double contribution) {
    }
}
