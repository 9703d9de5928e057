package io.touchline.scoring.domain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CurveAndBandsTest {

    private static final Curve SEATS = Curve.of(0, 0, 0.2, 30, 0.5, 70, 0.8, 100);

    @ParameterizedTest(name = "x={0} -> {1}")
    @CsvSource({ "-1, 0", "0, 0", "0.1, 15", "0.2, 30", "0.35, 50", "0.75, 95", "0.8, 100", "3, 100" })
    void interpolatesBetweenPointsAndIsFlatOutside(double x, double expected) {
        assertThat(SEATS.apply(x)).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void refusesCurvesThatAreNotOrderedOrLeave0To100() {
        assertThatThrownBy(() -> Curve.of(1, 0, 0, 100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Curve.of(0, 0, 1, 120)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "x {0}, value {1}")
    @CsvSource({ "NaN, 50", "1, NaN", "Infinity, 50", "1, -Infinity" })
    void refusesPointsThatAreNotFiniteNumbers(double x, double value) {
        // NaN fails every comparison, so the order and range checks alone would let it through.
        assertThatThrownBy(() -> Curve.of(0, 0, x, value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("curve points are finite numbers");
    }

    @ParameterizedTest(name = "redBelow {0}, greenFrom {1}, hysteresis {2}")
    @CsvSource({ "50, 75, NaN", "50, 75, 25", "50, 75, -1", "NaN, 75, 3", "50, NaN, 3", "75, 50, 3", "50, 101, 3" })
    void refusesBandsAnAccountCouldNeverLeaveOrThatAreNotNumbers(double redBelow, double greenFrom, double hysteresis) {
        assertThatThrownBy(() -> new Bands(redBelow, greenFrom, hysteresis)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bands need 0 < redBelow < greenFrom <= 100 and 0 <= hysteresis < greenFrom - redBelow");
    }

    @Test
    void aHysteresisJustNarrowerThanYellowIsAllowed() {
        assertThat(new Bands(50, 75, 24.9).hysteresis()).isEqualTo(24.9);
    }

    @ParameterizedTest(name = "{1} at {0} -> {2}")
    @CsvSource(nullValues = "NONE", textBlock = """
            49.9,  NONE,   RED
            50,    NONE,   YELLOW
            74.9,  NONE,   YELLOW
            75,    NONE,   GREEN
            76,    YELLOW, YELLOW
            77.9,  YELLOW, YELLOW
            78,    YELLOW, GREEN
            73,    GREEN,  GREEN
            72,    GREEN,  GREEN
            71.9,  GREEN,  YELLOW
            48,    GREEN,  YELLOW
            46.9,  GREEN,  RED
            47.5,  YELLOW, YELLOW
            46.9,  YELLOW, RED
            52.9,  RED,    RED
            53,    RED,    YELLOW
            77,    RED,    YELLOW
            78,    RED,    GREEN
            """)
    void aBandChangesOnlyOnceTheScoreIsPastTheBoundaryByTheHysteresis(double score, Band current, Band expected) {
        assertThat(Bands.DEFAULT.next(score, current)).isEqualTo(expected);
    }

    @Test
    void aScoreHoveringAtABoundaryDoesNotFlap() {
        Band band = Band.YELLOW;
        for (double score : new double[] { 74, 76, 74.5, 77, 73, 76.5 }) {
            band = Bands.DEFAULT.next(score, band);
            assertThat(band).isEqualTo(Band.YELLOW);
        }
    }
}
