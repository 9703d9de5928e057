package io.touchline.scoring.domain.churn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ChurnMetricsTest {

    static Stream<Arguments> aucs() {
        return Stream.of(
                // predictions, churned, AUC
                Arguments.of(new double[] { 0.9, 0.8, 0.2, 0.1 }, new boolean[] { true, true, false, false }, 1.0),
                Arguments.of(new double[] { 0.1, 0.2, 0.8, 0.9 }, new boolean[] { true, true, false, false }, 0.0),
                Arguments.of(new double[] { 0.5, 0.5, 0.5, 0.5 }, new boolean[] { true, false, true, false }, 0.5),
                // one of the four pairs is ranked wrong
                Arguments.of(new double[] { 0.9, 0.3, 0.4, 0.1 }, new boolean[] { true, true, false, false }, 0.75),
                // a tie between a churner and a stayer counts half
                Arguments.of(new double[] { 0.9, 0.4, 0.4, 0.1 }, new boolean[] { true, true, false, false }, 0.875),
                Arguments.of(new double[] { 0.9, 0.1 }, new boolean[] { false, false }, 0.5));
    }

    @ParameterizedTest
    @MethodSource("aucs")
    void aucIsTheShareOfChurnerStayerPairsRankedRight(double[] p, boolean[] churned, double auc) {
        assertThat(ChurnMetrics.auc(p, churned)).isEqualTo(auc);
    }

    @Test
    void liftBrierAndCalibrationOfTwentyObservations() {
        double[] p = new double[20];
        boolean[] churned = new boolean[20];
        for (int i = 0; i < 20; i++) {
            p[i] = (i + 1) / 20.0;
            // the two riskiest churned, and one in the middle
            churned[i] = i >= 18 || i == 10;
        }

        ChurnMetrics m = ChurnMetrics.of(p, churned);

        assertThat(m.observations()).isEqualTo(20);
        assertThat(m.churns()).isEqualTo(3);
        // top decile: 2 of 2 churned, against 3 in 20 overall
        assertThat(m.liftTopDecile()).isEqualTo(6.6667);
        assertThat(m.calibration()).hasSize(10);
        assertThat(m.calibration().get(0)).isEqualTo(new ChurnMetrics.Bin(2, 0.075, 0.0));
        assertThat(m.calibration().get(5)).isEqualTo(new ChurnMetrics.Bin(2, 0.575, 0.5));
        assertThat(m.calibration().get(9)).isEqualTo(new ChurnMetrics.Bin(2, 0.975, 1.0));
        double brier = 0;
        for (int i = 0; i < 20; i++) {
            brier += Math.pow(p[i] - (churned[i] ? 1 : 0), 2);
        }
        assertThat(m.brier()).isEqualTo(Math.round(brier / 20 * 10_000) / 10_000.0);
    }

    @Test
    void percentilesAgainstTheReference() {
        List<Double> reference = LearnedChurnModel.quantiles(new double[] { 4, 1, 3, 2, 5 });
        assertThat(reference).hasSize(101);
        assertThat(reference.get(0)).isEqualTo(1.0);
        assertThat(reference.get(100)).isEqualTo(5.0);
        assertThat(LearnedChurnModel.percentile(reference, 0.5)).isEqualTo(0.0);
        assertThat(LearnedChurnModel.percentile(reference, 9)).isEqualTo(100.0);
        assertThat(LearnedChurnModel.percentile(reference, 3)).isBetween(45.0, 55.0);
    }
}
