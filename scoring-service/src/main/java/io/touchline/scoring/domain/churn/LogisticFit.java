package io.touchline.scoring.domain.churn;

import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.SimpleValueChecker;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunctionGradient;
import org.apache.commons.math3.optim.nonlinear.scalar.gradient.NonLinearConjugateGradientOptimizer;

/**
 * L2-regularised logistic regression, fitted with commons-math3's non-linear conjugate gradient
 * optimiser on the mean log-loss plus {@code l2 / 2 * |w|^2} (the intercept is not penalised).
 * The fit starts from zero and has no random step, so the same data always gives the same weights.
 */
final class LogisticFit {

    private LogisticFit() {
    }

    /**
     * @param x standardised features, one row per observation
     * @param y 1 for churned within the horizon, else 0
     * @return the intercept followed by one weight per column
     */
    static double[] fit(double[][] x, int[] y, double l2) {
        int n = x.length;
        int k = n == 0 ? 0 : x[0].length;
        ObjectiveFunction loss = new ObjectiveFunction(b -> {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                double s = score(b, x[i]);
                // log(1 + e^s) - y * s, without overflow
                sum += (s > 0 ? s + Math.log1p(Math.exp(-s)) : Math.log1p(Math.exp(s))) - y[i] * s;
            }
            double penalty = 0;
            for (int j = 1; j <= k; j++) {
                penalty += b[j] * b[j];
            }
            return sum / n + l2 / 2 * penalty;
        });
        ObjectiveFunctionGradient gradient = new ObjectiveFunctionGradient(b -> {
            double[] g = new double[k + 1];
            for (int i = 0; i < n; i++) {
                double error = sigmoid(score(b, x[i])) - y[i];
                g[0] += error;
                for (int j = 0; j < k; j++) {
                    g[j + 1] += error * x[i][j];
                }
            }
            for (int j = 0; j <= k; j++) {
                g[j] = g[j] / n + (j == 0 ? 0 : l2 * b[j]);
            }
            return g;
        });
        NonLinearConjugateGradientOptimizer optimizer = new NonLinearConjugateGradientOptimizer(
                NonLinearConjugateGradientOptimizer.Formula.POLAK_RIBIERE, new SimpleValueChecker(1e-12, 1e-14));
        PointValuePair best = optimizer.optimize(new MaxEval(200_000), new MaxIter(20_000), loss, gradient,
                GoalType.MINIMIZE, new InitialGuess(new double[k + 1]));
        return best.getPoint();
    }

    static double score(double[] b, double[] row) {
        double s = b[0];
        for (int j = 0; j < row.length; j++) {
            s += b[j + 1] * row[j];
        }
        return s;
    }

    static double sigmoid(double s) {
        return 1 / (1 + Math.exp(-s));
    }
}
