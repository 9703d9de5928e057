package io.touchline.scoring.domain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.EnumMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HealthAndChurnModelTest {

    private static final Scorecard SCORECARD = Scorecard.defaults();
    private static final ChurnModel CHURN = ChurnModel.defaults();

    /** The worked example of docs/scoring-model.md: keep both in step. */
    static Map<Measure, Double> acme() {
        Map<Measure, Double> inputs = new EnumMap<>(Measure.class);
        inputs.put(Measure.SEAT_ACTIVATION, 30 / 40.0); // 30 of 40 seats active in 30 days
        inputs.put(Measure.RECENCY, 2.0); // last active 2 days ago
        inputs.put(Measure.FEATURE_BREADTH, 3 / 5.0); // 3 of 5 key features
        inputs.put(Measure.USAGE_TREND, (140 / 7.0) / (700 / 28.0)); // 20/day against 25/day
        inputs.put(Measure.ONBOARDING, 4 / 5.0); // 4 of 5 setup steps
        inputs.put(Measure.SUPPORT_LOAD, 2.0); // 2 tickets open
        inputs.put(Measure.RELATIONSHIP, 1.0); // 1 contact change in 90 days; no survey answered
        return inputs;
    }

    @Test
    void theWorkedExampleScores80GreenOnPartialDataAndExplainsEachPoint() {
        Health health = HealthModel.score(SCORECARD, acme(), null);

        assertThat(health.score()).isEqualTo(80.0);
        assertThat(health.band()).isEqualTo(Band.GREEN);
        assertThat(health.partial()).isTrue();
        assertThat(health.scorecardVersion()).isEqualTo(1);
        assertThat(health.measures())
                .extracting(Health.MeasureResult::measure, Health.MeasureResult::value, Health.MeasureResult::contribution)
                .containsExactly(
                        tuple(Measure.SEAT_ACTIVATION, 95.0, 20.0),
                        tuple(Measure.RECENCY, 95.0, 20.0),
                        tuple(Measure.FEATURE_BREADTH, 80.0, 12.63),
                        tuple(Measure.USAGE_TREND, 60.0, 9.47),
                        tuple(Measure.ONBOARDING, 80.0, 8.42),
                        tuple(Measure.SUPPORT_LOAD, 65.0, 6.84),
                        tuple(Measure.SENTIMENT, null, 0.0),
                        tuple(Measure.RELATIONSHIP, 50.0, 2.63));
    }

    @Test
    void theWorkedExampleHasAMediumChurnRiskDrivenByTrendAndRenewal() {
        ChurnRisk risk = CHURN.predict(HealthModel.score(SCORECARD, acme(), null), 60L);

        assertThat(risk.probability()).isEqualTo(0.290);
        assertThat(risk.level()).isEqualTo(ChurnRisk.Level.MEDIUM);
        assertThat(risk.factors()).extracting(ChurnRisk.Factor::name, ChurnRisk.Factor::contribution).contains(
                tuple("USAGE_TREND deficit", 0.4),
                tuple("SUPPORT_LOAD deficit", 0.28),
                tuple("SENTIMENT deficit", 0.0),
                tuple("renewal proximity", 0.8));
        double logOdds = risk.intercept() + risk.factors().stream().mapToDouble(ChurnRisk.Factor::contribution).sum();
        assertThat(1 / (1 + Math.exp(-logOdds))).isCloseTo(0.290, org.assertj.core.data.Offset.offset(0.001));
    }

    /** A table of accounts: their raw inputs, and the score, band and churn risk they must get. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "-", textBlock = """
            # name,            seats, recency, breadth, trend, onboarding, tickets, nps, contacts, renewalDays, score, band,   partial, churn, level
            thriving,          0.9,   0,       0.9,     1.3,   1.0,        0,       10,  0,        400,         100.0, GREEN,  false,   0.047, LOW
            fading,            0.3,   20,      0.3,     0.4,   1.0,        4,       5,   2,        45,          38.5,  RED,    false,   0.953, HIGH
            silent,            0.0,   45,      0.0,     0.0,   0.2,        0,       -,   0,        200,         17.9,  RED,     true,   0.917, HIGH
            new account,       0.5,   1,       -,       -,     0.4,        -,       -,   -,        -,           76.0,  GREEN,  true,   0.095, LOW
            nothing known,     -,     -,       -,       -,     -,          -,       -,   -,        -,           0.0,   RED,    true,   0.047, LOW
            """)
    void scoresAndRisksATableOfAccounts(String name, Double seats, Double recency, Double breadth, Double trend,
            Double onboarding, Double tickets, Double nps, Double contacts, Long renewalDays, double score, Band band,
            boolean partial, double churn, ChurnRisk.Level level) {
        Map<Measure, Double> inputs = new EnumMap<>(Measure.class);
        put(inputs, Measure.SEAT_ACTIVATION, seats);
        put(inputs, Measure.RECENCY, recency);
        put(inputs, Measure.FEATURE_BREADTH, breadth);
        put(inputs, Measure.USAGE_TREND, trend);
        put(inputs, Measure.ONBOARDING, onboarding);
        put(inputs, Measure.SUPPORT_LOAD, tickets);
        put(inputs, Measure.SENTIMENT, nps);
        put(inputs, Measure.RELATIONSHIP, contacts);

        Health health = HealthModel.score(SCORECARD, inputs, null);
        ChurnRisk risk = CHURN.predict(health, renewalDays);

        assertThat(health.score()).isEqualTo(score);
        assertThat(health.band()).isEqualTo(band);
        assertThat(health.partial()).isEqualTo(partial);
        assertThat(risk.probability()).isEqualTo(churn);
        assertThat(risk.level()).isEqualTo(level);
    }

    @Test
    void aMeasureWithoutDataGivesItsWeightToTheOthers() {
        Map<Measure, Double> onlyRecency = Map.of(Measure.RECENCY, 7.0);

        Health health = HealthModel.score(SCORECARD, onlyRecency, null);

        assertThat(health.score()).isEqualTo(70.0);
        assertThat(health.measures()).filteredOn(m -> m.measure() == Measure.RECENCY)
                .extracting(Health.MeasureResult::contribution).containsExactly(70.0);
    }

    @Test
    void hysteresisKeepsTheCurrentBandNearABoundary() {
        Map<Measure, Double> inputs = Map.of(Measure.RECENCY, 8.0); // 64.3: yellow

        assertThat(HealthModel.score(SCORECARD, inputs, Band.GREEN).band()).isEqualTo(Band.YELLOW);
        assertThat(HealthModel.score(SCORECARD, Map.of(Measure.RECENCY, 6.0), Band.GREEN).band()).isEqualTo(Band.GREEN);
    }

    private static void put(Map<Measure, Double> inputs, Measure measure, Double value) {
        if (value != null) {
            inputs.put(measure, value);
        }
    }
}
