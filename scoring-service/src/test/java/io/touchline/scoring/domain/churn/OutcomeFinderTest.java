package io.touchline.scoring.domain.churn;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.touchline.messaging.contract.AccountTraits;
import io.touchline.scoring.domain.state.AccountState;

class OutcomeFinderTest {

    static final LocalDate DAY = LocalDate.of(2026, 3, 10);
    static final LocalDate RENEWAL = LocalDate.of(2026, 4, 1);

    static Stream<Arguments> calls() {
        return Stream.of(
                Arguments.of("status churned, dated", traits("churned", LocalDate.of(2026, 3, 1), null, null),
                        List.of(new OutcomeFinder.Found("churned", LocalDate.of(2026, 3, 1), "status churned"))),
                Arguments.of("status churned, undated: the call's day", traits("churned", null, null, null),
                        List.of(new OutcomeFinder.Found("churned", DAY, "status churned"))),
                Arguments.of("active: nothing", traits("active", null, null, null), List.of()),
                Arguments.of("renewal date moved on within the window: renewed on the old date",
                        traits(null, null, RENEWAL.plusYears(1), null),
                        List.of(new OutcomeFinder.Found("renewed", RENEWAL,
                                "renewal date moved from 2026-04-01 to 2027-04-01"))),
                Arguments.of("renewal date moved back: a correction", traits(null, null, RENEWAL.minusDays(5), null),
                        List.of()),
                Arguments.of("mrr down: downgraded", traits(null, null, null, new BigDecimal("800")),
                        List.of(new OutcomeFinder.Found("downgraded", DAY, "mrr from 1000 to 800"))),
                Arguments.of("mrr up: nothing", traits(null, null, null, new BigDecimal("1200")), List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void outcomesFromAGroupCall(String name, AccountTraits traits, List<OutcomeFinder.Found> found) {
        AccountState state = new AccountState();
        state.status = "active";
        state.renewalDate = RENEWAL;
        state.mrr = new BigDecimal("1000");
        OutcomeFinder.Before before = OutcomeFinder.Before.of(state);
        state.renewalDate = traits.renewalDate() != null ? traits.renewalDate() : state.renewalDate;
        state.mrr = traits.mrr() != null ? traits.mrr() : state.mrr;
        state.status = traits.status() != null ? traits.status() : state.status;

        assertThat(OutcomeFinder.find(before, traits, state, DAY, 90)).isEqualTo(found);
    }

    static Stream<Arguments> renewals() {
        return Stream.of(
                // the call's day against a renewal on 2026-04-01 with a 90-day window
                Arguments.of(LocalDate.of(2025, 12, 1), 0),
                Arguments.of(LocalDate.of(2026, 1, 1), 1),
                Arguments.of(LocalDate.of(2026, 4, 20), 1));
    }

    @ParameterizedTest(name = "moved on {0}: {1} renewal")
    @MethodSource("renewals")
    void aRenewalDateMovedOnLongBeforeTheWindowIsACorrection(LocalDate day, int renewals) {
        AccountState state = new AccountState();
        state.renewalDate = RENEWAL;
        OutcomeFinder.Before before = OutcomeFinder.Before.of(state);
        state.renewalDate = RENEWAL.plusYears(1);

        assertThat(OutcomeFinder.find(before, traits(null, null, RENEWAL.plusYears(1), null), state, day, 90))
                .hasSize(renewals);
    }

    private static AccountTraits traits(String status, LocalDate churnedAt, LocalDate renewal, BigDecimal mrr) {
        return new AccountTraits(null, null, mrr, mrr == null ? null : "EUR", null, null, renewal, null, null, null, null,
                null, status, churnedAt);
    }
}
