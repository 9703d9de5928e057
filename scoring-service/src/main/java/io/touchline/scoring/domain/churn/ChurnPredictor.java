package io.touchline.scoring.domain.churn;

import java.util.Map;

import io.touchline.scoring.domain.model.ChurnRisk;

/** A churn model: the built-in priors or a tenant's trained model. */
public interface ChurnPredictor {

    /** 0 for the built-in priors, else the trained version. */
    int version();

    /** The probability from which the risk is high. */
    double highThreshold();

    /**
     * Whether the model reads the usage features ({@link ChurnFeatures#of}); the priors read the
     * measures and the renewal only ({@link ChurnFeatures#measuresAndRenewal}).
     */
    boolean readsUsage();

    /** The risk from the features by name; a feature missing from the map has no data. */
    ChurnRisk predict(Map<String, Double> features);
}
