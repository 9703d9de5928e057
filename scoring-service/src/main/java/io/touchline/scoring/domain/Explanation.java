package io.touchline.scoring.domain;

import java.util.List;

import io.touchline.scoring.domain.model.ChurnRisk;
import io.touchline.scoring.domain.model.Health;
import io.touchline.scoring.domain.model.LifecycleStage;
import io.touchline.scoring.domain.model.TouchTier;

/**
 * Why an account has its score: each measure's value, weight and contribution, each churn
 * factor's part in the log-odds, and the recent events that moved the score most.
 *
 * @param tier the touch tier's wire name (null: revenue unknown and nothing raises it)
 * @param tierBasis why the account has that tier: {@code pin}, {@code revenue}, {@code importance},
 *        {@code expansion} or {@code unknown}
 * @param stage the lifecycle stage's wire name
 * @param movers the largest recent moves of the score, largest first
 */
public record Explanation(int scorecardVersion, String tier, String tierBasis, String stage,
        List<Health.MeasureResult> measures,
        ChurnRisk churn, List<ScoreMemory.Move> movers) {

    /** The explanation of a score, with the memory's moves up to it. */
    public static Explanation of(int scorecardVersion, TouchTier.Choice tier, LifecycleStage stage, Health health,
            ChurnRisk churn, ScoreMemory memory) {
        return new Explanation(scorecardVersion, tier.tier() == null ? null : tier.tier().wireName(),
                tier.basis().wireName(), stage.wireName(), health.measures(), churn, List.copyOf(memory.moves));
    }
}
