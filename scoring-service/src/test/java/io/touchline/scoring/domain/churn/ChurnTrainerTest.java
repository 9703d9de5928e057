package io.touchline.scoring.domain.churn;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.touchline.scoring.domain.model.ChurnModel;
import io.touchline.scoring.domain.model.ChurnRisk;
import io.touchline.scoring.domain.model.HealthModel;
import io.touchline.scoring.domain.model.Scorecard;
import io.touchline.scoring.domain.state.AccountState;

class ChurnTrainerTest {

    static final LocalDate START = LocalDate.of(2025, 1, 1);

    /** A simulated tenant's observations, taken at each month start with the live feature code. */
    record History(List<ChurnTrainer.Observation> observations, Map<String, LocalDate> churnedOn, Instant end) {
    }

    static History simulate(long seed, int accounts) {
        SimulatedTenant tenant = new SimulatedTenant(seed, START, 14, accounts, accounts / 12, 1.0);
        Map<String, AccountState> states = new HashMap<>();
        List<ChurnTrainer.Observation> observations = new ArrayList<>();
        tenant.play(new SimulatedTenant.Listener() {
            @Override
            public void day(Instant midnight, List<String> active) {
                if (!ChurnPolicy.Calendar.MONTHLY.isMoment(midnight)) {
                    return;
                }
                for (String id : active) {
                    AccountState state = states.get(id);
                    // As live scoring: no observation while there is no verdict (no usage yet).
                    if (state.lastActivity == null) {
                        continue;
                    }
                    var health = HealthModel.score(Scorecard.defaults(),
                            state.measureInputs(SimulatedTenant.VOCABULARY, midnight), null);
                    observations.add(new ChurnTrainer.Observation(id, midnight,
                            ChurnFeatures.of(state, SimulatedTenant.VOCABULARY, health, midnight)));
                }
            }

            @Override
            public void event(SimulatedTenant.Emitted emitted) {
                states.computeIfAbsent(emitted.accountId(), id -> new AccountState())
                        .apply(emitted.event(), SimulatedTenant.VOCABULARY);
            }
        });
        return new History(observations, tenant.churnedOn, START.plusMonths(14).atStartOfDay().toInstant(ZoneOffset.UTC));
    }

    @Test
    void learnsChurnFromTheMixAndVolumeOfUseAndBeatsBothBaselinesOnLaterMonths() {
        History history = simulate(42, 400);
        assertThat(history.churnedOn()).hasSizeGreaterThan(100);

        ChurnTrainer.Result result = ChurnTrainer.train(history.observations(), history.churnedOn(), history.end(),
                ChurnModel.defaults(), ChurnTrainer.Settings.DEFAULT);

        ChurnTrainer.Evaluation e = result.evaluation();
        assertThat(result.activate()).as(result.reason()).isTrue();
        assertThat(e.testFrom()).isAfter(e.trainFrom());
        // Everyone is active until the day they leave: recency knows nothing, volume a little, the mix most.
        assertThat(e.model().auc()).isGreaterThan(e.eventsBaseline().auc() + 0.05);
        assertThat(e.model().auc()).isGreaterThan(e.recencyBaseline().auc() + 0.1);
        assertThat(e.model().auc()).isGreaterThan(e.active().auc() + 0.1);
        assertThat(e.model().liftTopDecile()).isGreaterThan(e.eventsBaseline().liftTopDecile());
        assertThat(e.model().brier()).isLessThanOrEqualTo(e.eventsBaseline().brier());
        assertThat(e.model().calibration()).hasSize(10);
        assertThat(e.model().calibration().stream().mapToInt(ChurnMetrics.Bin::observations).sum())
                .isEqualTo(e.model().observations());
        // The reports feature is what the model leans on, against churn.
        LearnedChurnModel.Term reports = result.model().terms().stream()
                .filter(t -> t.feature().equals(ChurnFeatures.counted(SimulatedTenant.REPORT))).findFirst().orElseThrow();
        assertThat(reports.weight()).isNegative();
        assertThat(e.threshold()).isEqualTo("target precision 0.5 reached");
        assertThat(e.precisionAtThreshold()).isGreaterThanOrEqualTo(0.5);
        // An account at the tenant's average is far from high.
        assertThat(result.model().predict(Map.of()).level()).isEqualTo(ChurnRisk.Level.LOW);
    }

    @Test
    void theHighThresholdIsTheLowestProbabilityThatReachesTheTargetPrecisionOnHeldOutData() {
        History history = simulate(42, 400);
        ChurnTrainer.Evaluation strict = train(history, 0.5).evaluation();
        ChurnTrainer.Result lenient = train(history, 0.2);
        ChurnTrainer.Result unreachable = train(history, 0.99);

        assertThat(lenient.evaluation().threshold()).isEqualTo("target precision 0.2 reached");
        assertThat(lenient.evaluation().precisionAtThreshold()).isGreaterThanOrEqualTo(0.2);
        // A lower target flags more: a lower threshold, more of the churners.
        assertThat(lenient.evaluation().recallAtThreshold()).isGreaterThan(strict.recallAtThreshold());
        assertThat(unreachable.evaluation().threshold())
                .isEqualTo("target precision 0.99 not reached at any threshold; the riskiest tenth is high");
        assertThat(unreachable.evaluation().precisionAtThreshold()).isLessThan(0.99);
    }

    private static ChurnTrainer.Result train(History history, double targetPrecision) {
        return ChurnTrainer.train(history.observations(), history.churnedOn(), history.end(), ChurnModel.defaults(),
                new ChurnTrainer.Settings(30, 0.3, 20, 0.01, targetPrecision));
    }

    @Test
    void theSameSeedGivesTheSameCoefficients() {
        ChurnTrainer.Result first = train(simulate(7, 250));
        ChurnTrainer.Result again = train(simulate(7, 250));
        ChurnTrainer.Result other = train(simulate(8, 250));

        assertThat(again.model()).isEqualTo(first.model());
        assertThat(again.evaluation()).isEqualTo(first.evaluation());
        assertThat(other.model().terms()).isNotEqualTo(first.model().terms());
    }

    @Test
    void tooFewChurnsKeepThePriorsAndSayWhy() {
        History history = simulate(42, 400);
        Map<String, LocalDate> few = new HashMap<>();
        history.churnedOn().entrySet().stream().limit(12).forEach(e -> few.put(e.getKey(), e.getValue()));

        ChurnTrainer.Result result = ChurnTrainer.train(history.observations(), few, history.end(),
                ChurnModel.defaults(), ChurnTrainer.Settings.DEFAULT);

        assertThat(result.model()).isNull();
        assertThat(result.activate()).isFalse();
        assertThat(result.reason()).startsWith("Too few outcomes: ")
                .contains("at least 20 are needed; the built-in priors stay active");
    }

    @Test
    void aModelTheActiveOneAlreadyMatchesIsNotActivatedAgain() {
        History history = simulate(42, 400);
        ChurnTrainer.Result first = ChurnTrainer.train(history.observations(), history.churnedOn(), history.end(),
                ChurnModel.defaults(), ChurnTrainer.Settings.DEFAULT);

        ChurnTrainer.Result second = ChurnTrainer.train(history.observations(), history.churnedOn(), history.end(),
                first.model().withVersion(1), ChurnTrainer.Settings.DEFAULT);

        assertThat(second.activate()).isFalse();
        assertThat(second.reason()).contains("does not beat the active model");
    }

    static Stream<Arguments> verdicts() {
        return Stream.of(
                // model, events, recency, active: activated?
                Arguments.of(0.75, 0.66, 0.61, 0.49, true,
                        "Held-out AUC 0.75 beats the active model (0.49) and both baselines (events 0.66, recency 0.61)"),
                Arguments.of(0.64, 0.66, 0.61, 0.49, false, "Held-out AUC 0.64 does not beat the events baseline (0.66)"),
                Arguments.of(0.60, 0.58, 0.61, 0.49, false, "Held-out AUC 0.6 does not beat the recency baseline (0.61)"),
                Arguments.of(0.70, 0.66, 0.61, 0.72, false, "Held-out AUC 0.7 does not beat the active model (0.72)"),
                Arguments.of(0.66, 0.66, 0.66, 0.66, false,
                        "Held-out AUC 0.66 does not beat the events baseline (0.66), the recency baseline (0.66), the active model (0.66)"));
    }

    @ParameterizedTest
    @MethodSource("verdicts")
    void activatesOnlyWhatBeatsTheActiveModelAndBothBaselines(double model, double events, double recency, double active,
            boolean activate, String reason) {
        ChurnTrainer.Evaluation e = new ChurnTrainer.Evaluation(Instant.EPOCH, Instant.EPOCH, Instant.EPOCH, 100, 20,
                metrics(model), metrics(events), metrics(recency), metrics(active), "", null, null);

        ChurnTrainer.Result result = ChurnTrainer.verdict(null, e);

        assertThat(result.activate()).isEqualTo(activate);
        assertThat(result.reason()).isEqualTo(reason);
    }

    @Test
    void aLearnedModelsContributionsAddUpToItsLogOdds() {
        ChurnTrainer.Result result = train(simulate(7, 250));
        History history = simulate(7, 250);
        ChurnTrainer.Observation last = history.observations().get(history.observations().size() - 1);

        ChurnRisk risk = result.model().predict(last.features());

        double logit = risk.intercept() + risk.factors().stream().mapToDouble(ChurnRisk.Factor::contribution).sum();
        assertThat(1 / (1 + Math.exp(-logit))).isCloseTo(risk.probability(), org.assertj.core.data.Offset.offset(0.005));
        assertThat(risk.factors()).extracting(ChurnRisk.Factor::name)
                .containsExactlyElementsOf(result.model().terms().stream().map(LearnedChurnModel.Term::feature).toList());
        for (ChurnRisk.Factor f : risk.factors()) {
            if (f.value() == null) {
                assertThat(f.contribution()).isZero();
                continue;
            }
            assertThat(f.contribution()).isCloseTo(f.coefficient() * (f.value() - f.average()),
                    org.assertj.core.data.Offset.offset(0.01));
        }
    }

    private static ChurnTrainer.Result train(History history) {
        return ChurnTrainer.train(history.observations(), history.churnedOn(), history.end(), ChurnModel.defaults(),
                ChurnTrainer.Settings.DEFAULT);
    }

    private static ChurnMetrics metrics(double auc) {
        return new ChurnMetrics(100, 10, auc, 1, 0.1, List.of());
    }
}
