package io.touchline.scoring.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.touchline.messaging.contract.HealthSignal;
import io.touchline.scoring.domain.model.Band;
import io.touchline.scoring.domain.model.ChurnRisk;
import io.touchline.scoring.domain.model.LifecycleStage;
import io.touchline.scoring.domain.model.TouchTier;
import io.touchline.scoring.domain.signal.SignalType;

/** The values the health.signal contract lists are exactly the ones scoring sends. */
class ContractValuesTest {

    @Test
    void theContractListsEverySignalTypeTierStageBandAndChurnLevelScoringSends() {
        assertThat(HealthSignal.TYPES).isEqualTo(names(SignalType.values(), SignalType::name));
        assertThat(HealthSignal.TIERS).isEqualTo(names(TouchTier.values(), TouchTier::wireName));
        assertThat(HealthSignal.STAGES).isEqualTo(names(LifecycleStage.values(), LifecycleStage::wireName));
        assertThat(HealthSignal.BANDS).isEqualTo(names(Band.values(), Band::wireName));
        assertThat(HealthSignal.CHURN_LEVELS).isEqualTo(names(ChurnRisk.Level.values(), ChurnRisk.Level::wireName));
        assertThat(HealthSignal.CHURNED).isEqualTo(LifecycleStage.CHURNED.wireName());
    }

    private static <E> java.util.Set<String> names(E[] values, Function<E, String> name) {
        return Arrays.stream(values).map(name).collect(Collectors.toSet());
    }
}
