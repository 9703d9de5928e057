package io.touchline.scoring.config;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.touchline.scoring.domain.AccountScorer;
import io.touchline.scoring.domain.churn.ChurnPolicy;

/** The one scorer every path scores and explains with, so both always use the same model. */
@Singleton
public class ScoringModel {

    @Produces
    @Singleton
    AccountScorer scorer(ScoringConfig config) {
        return new AccountScorer(new ChurnPolicy(config.churn().observeEvery(), config.churn().unknownDays()));
    }
}
