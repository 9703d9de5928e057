package io.touchline.scoring.domain.churn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.touchline.scoring.domain.model.ChurnModel;
import io.touchline.scoring.domain.model.ChurnRisk;

/**
 * A churn model fitted on one tenant's own outcomes: a logistic regression over standardised
 * features, {@code logit = intercept + sum(weight * (x - mean) / scale)}. The intercept is the
 * log-odds of an account whose every feature sits at the tenant's average, so each factor's
 * contribution says how far that feature moves this account from the average one, and they add up.
 *
 * @param terms the features in the model with their training mean, scale and weight
 * @param highThreshold the probability from which the risk is high, set from a target precision on
 *        held-out data
 * @param eventsReference quantiles of {@link ChurnFeatures#EVENTS_28D} over the training
 *        observations, against which {@link ChurnFeatures#EVENTS_PERCENTILE} is computed
 */
public record LearnedChurnModel(int version, double intercept, List<Term> terms, double highThreshold,
        List<Double> eventsReference) implements ChurnPredictor {

    /** One feature's place in the model; a missing value counts as the mean, contributing 0. */
    public record Term(String feature, double mean, double scale, double weight) {
    }

    public LearnedChurnModel {
        terms = List.copyOf(terms);
        eventsReference = List.copyOf(eventsReference);
    }

    public LearnedChurnModel withVersion(int next) {
        return new LearnedChurnModel(next, intercept, terms, highThreshold, eventsReference);
    }

    public LearnedChurnModel withThreshold(double threshold) {
        return new LearnedChurnModel(version, intercept, terms, threshold, eventsReference);
    }

    @Override
    public boolean readsUsage() {
        return true;
    }

    @Override
    public ChurnRisk predict(Map<String, Double> features) {
        Map<String, Double> all = withPercentile(features);
        double logit = intercept;
        List<ChurnRisk.Factor> factors = new ArrayList<>(terms.size());
        for (Term term : terms) {
            Double value = all.get(term.feature());
            double perUnit = term.weight() / term.scale();
            if (value == null || value.isNaN()) {
                factors.add(new ChurnRisk.Factor(term.feature(), null, round4(perUnit), 0, round3(term.mean())));
                continue;
            }
            double contribution = term.weight() * (value - term.mean()) / term.scale();
            logit += contribution;
            factors.add(new ChurnRisk.Factor(term.feature(), round3(value), round4(perUnit), round3(contribution),
                    round3(term.mean())));
        }
        double probability = ChurnModel.round3(1 / (1 + Math.exp(-logit)));
        return new ChurnRisk(probability, ChurnRisk.Level.of(probability, highThreshold), version, highThreshold,
                round3(intercept), Collections.unmodifiableList(factors));
    }

    /** The features with the account's events percentile among the tenant's, when the model knows the distribution. */
    public Map<String, Double> withPercentile(Map<String, Double> features) {
        Double events = features.get(ChurnFeatures.EVENTS_28D);
        if (events == null || eventsReference.isEmpty()) {
            return features;
        }
        Map<String, Double> all = new LinkedHashMap<>(features);
        all.put(ChurnFeatures.EVENTS_PERCENTILE, percentile(eventsReference, events));
        return all;
    }

    /** Where x falls among the sorted reference values, 0-100; ties count half. */
    static double percentile(List<Double> sorted, double x) {
        int below = 0;
        int equal = 0;
        for (double value : sorted) {
            if (value < x) {
                below++;
            } else if (value == x) {
                equal++;
            } else {
                break;
            }
        }
        return 100.0 * (below + equal / 2.0) / sorted.size();
    }

    /** The reference for {@link #percentile}: 101 quantiles (0, 1, ..., 100%) of the values. */
    static List<Double> quantiles(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        List<Double> quantiles = new ArrayList<>(101);
        for (int q = 0; q <= 100; q++) {
            quantiles.add(sorted[(int) Math.round(q / 100.0 * (sorted.length - 1))]);
        }
        return quantiles;
    }

    static double round3(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    static double round4(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }
}
