package io.touchline.scoring.domain.churn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * How well predicted churn probabilities match what happened on held-out observations.
 *
 * @param auc the chance that a churner is ranked above a stayer (0.5: no better than chance)
 * @param liftTopDecile the churn rate among the riskiest 10% over the overall rate
 * @param brier the mean squared error of the probabilities (lower is better)
 * @param calibration ten equal-count bins, by predicted probability
 */
public record ChurnMetrics(int observations, int churns, double auc, double liftTopDecile, double brier,
        List<Bin> calibration) {

    /** One calibration bin: what the model predicted against what was observed. */
    public record Bin(int observations, double meanPredicted, double observedRate) {
    }

    static final int BINS = 10;

    public static ChurnMetrics of(double[] p, boolean[] churned) {
        int n = p.length;
        int churns = 0;
        double brier = 0;
        for (int i = 0; i < n; i++) {
            churns += churned[i] ? 1 : 0;
            double error = p[i] - (churned[i] ? 1 : 0);
            brier += error * error;
        }
        Integer[] order = new Integer[n];
        Arrays.setAll(order, i -> i);
        // Riskiest first; the index breaks ties so the order is the same every time.
        Arrays.sort(order, Comparator.<Integer> comparingDouble(i -> -p[i]).thenComparingInt(i -> i));
        int top = Math.max(1, (int) Math.ceil(n / 10.0));
        int topChurns = 0;
        for (int r = 0; r < Math.min(top, n); r++) {
            topChurns += churned[order[r]] ? 1 : 0;
        }
        double rate = n == 0 ? 0 : churns / (double) n;
        double lift = rate == 0 ? 0 : (topChurns / (double) top) / rate;
        List<Bin> bins = new ArrayList<>(BINS);
        for (int b = BINS - 1; b >= 0 && n > 0; b--) {
            // Bins from the least risky up; each holds a tenth of the observations.
            int from = (int) Math.round((BINS - 1 - b) * n / (double) BINS);
            int to = (int) Math.round((BINS - b) * n / (double) BINS);
            if (to <= from) {
                continue;
            }
            double predicted = 0;
            int observed = 0;
            for (int r = from; r < to; r++) {
                int i = order[n - 1 - r];
                predicted += p[i];
                observed += churned[i] ? 1 : 0;
            }
            bins.add(new Bin(to - from, round4(predicted / (to - from)), round4(observed / (double) (to - from))));
        }
        return new ChurnMetrics(n, churns, round4(auc(p, churned)), round4(lift), round4(n == 0 ? 0 : brier / n),
                List.copyOf(bins));
    }

    /** The area under the ROC curve by ranks (Mann-Whitney), tied scores sharing their ranks. */
    static double auc(double[] p, boolean[] churned) {
        int n = p.length;
        Integer[] order = new Integer[n];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingDouble(i -> p[i]));
        double rankSum = 0;
        long positives = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && p[order[j + 1]] == p[order[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1;
            for (int r = i; r <= j; r++) {
                if (churned[order[r]]) {
                    rankSum += rank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return 0.5;
        }
        return (rankSum - positives * (positives + 1) / 2.0) / (positives * (double) negatives);
    }

    static double round4(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }
}
