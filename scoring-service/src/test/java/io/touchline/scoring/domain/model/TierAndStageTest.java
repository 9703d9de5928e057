package io.touchline.scoring.domain.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TierAndStageTest {

    private static final TouchTier.Boundaries TIERS = TouchTier.Boundaries.DEFAULT;
    private static final LocalDate TODAY = LocalDate.parse("2026-06-15");

    @ParameterizedTest(name = "pin {0}, mrr {1}, importance [{2}], expansion {3} -> {4} ({5})")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # pin,        mrr,    importance,           expansion, tier,       basis
            -           | -      | -                   | -         | -          | UNKNOWN
            -           | 500000 | -                   | -         | HIGH_TOUCH | REVENUE
            -           | 499999 | -                   | -         | LOW_TOUCH  | REVENUE
            -           | 70000  | -                   | -         | LOW_TOUCH  | REVENUE
            -           | 69999  | -                   | -         | TECH_TOUCH | REVENUE
            -           | 0      | -                   | -         | TECH_TOUCH | REVENUE
            -           | 10000  | strategic           | -         | LOW_TOUCH  | IMPORTANCE
            -           | 10000  | reference influencer | high     | LOW_TOUCH  | IMPORTANCE
            -           | -      | feedback            | -         | LOW_TOUCH  | IMPORTANCE
            -           | 10000  | ''                  | -         | TECH_TOUCH | REVENUE
            -           | 10000  | -                   | high      | LOW_TOUCH  | EXPANSION
            -           | 10000  | -                   | medium    | LOW_TOUCH  | EXPANSION
            -           | 10000  | -                   | low       | TECH_TOUCH | REVENUE
            -           | -      | -                   | high      | LOW_TOUCH  | EXPANSION
            -           | 600000 | strategic           | high      | HIGH_TOUCH | REVENUE
            TECH_TOUCH  | 600000 | strategic           | high      | TECH_TOUCH | PIN
            HIGH_TOUCH  | -      | -                   | -         | HIGH_TOUCH | PIN
            LOW_TOUCH   | 10000  | -                   | -         | LOW_TOUCH  | PIN
            """)
    void theTierIsThePinElseRevenueRaisedByImportanceOrExpansion(TouchTier pin, BigDecimal mrr, String importance,
            String expansion, TouchTier tier, TouchTier.Basis basis) {
        Set<String> flags = importance == null ? null
                : Arrays.stream(importance.split(" ")).filter(f -> !f.isBlank()).collect(Collectors.toSet());

        assertThat(TIERS.choose(pin, mrr, flags, expansion)).isEqualTo(new TouchTier.Choice(tier, basis));
    }

    @ParameterizedTest(name = "start {0}, renewal {1}, status {2} -> {3}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # contract start, renewal,    status,  stage (today is 2026-06-15)
            -               | -          | -       | ADOPTION
            2026-06-15      | -          | -       | ONBOARDING
            2026-04-17      | -          | -       | ONBOARDING
            2026-04-16      | -          | -       | ADOPTION
            2026-01-01      | 2026-09-13 | -       | RENEWAL
            2026-01-01      | 2026-09-14 | -       | ADOPTION
            2026-01-01      | 2026-06-15 | -       | RENEWAL
            2026-01-01      | 2026-06-14 | -       | CHURNED
            2026-06-01      | 2026-08-01 | -       | RENEWAL
            2026-01-01      | 2027-01-01 | churned | CHURNED
            2026-01-01      | 2027-01-01 | active  | ADOPTION
            2026-01-01      | 2026-06-14 | active  | CHURNED
            """)
    void theStageFollowsTheContractRenewalAndStatus(LocalDate start, LocalDate renewal, String status,
            LifecycleStage stage) {
        assertThat(LifecycleStage.of(TODAY, start, renewal, status)).isEqualTo(stage);
    }
}
