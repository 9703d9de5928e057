package io.touchline.scoring.domain;

import java.time.Instant;
import java.util.List;

import io.touchline.scoring.domain.model.Band;
import io.touchline.scoring.domain.model.ChurnRisk;
import io.touchline.scoring.domain.model.Health;
import io.touchline.scoring.domain.model.LifecycleStage;
import io.touchline.scoring.domain.model.TouchTier;
import io.touchline.scoring.domain.signal.FiredSignal;

/**
 * One scoring of an account.
 *
 * @param health the model's score with its measures
 * @param score the score CS sees: the override's while one is active, else the model's
 * @param band the band CS sees
 * @param overridden whether a manual override set {@code score}
 * @param trend7d score minus the score 7 days before (null: not scored then)
 * @param trend30d score minus the score 30 days before
 * @param tier the touch tier (null: revenue unknown and nothing raises it) and why
 * @param signals what this scoring fired, in order
 * @param nextCheck when the sweep should look again, because time alone may change the score or
 *        open an episode by then
 */
public record Assessment(Health health, ChurnRisk churn, double score, Band band, boolean overridden, Double trend7d,
        Double trend30d, TouchTier.Choice tier, LifecycleStage stage, List<FiredSignal> signals, Instant nextCheck) {
}
