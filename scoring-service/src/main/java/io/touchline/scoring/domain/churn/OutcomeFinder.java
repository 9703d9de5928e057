package io.touchline.scoring.domain.churn;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import io.touchline.messaging.contract.AccountTraits;
import io.touchline.scoring.domain.state.AccountState;

/**
 * The outcomes an account's group call reveals, from its traits before and after: a churn
 * ({@code status: churned}, dated by {@code churnedAt} or the call's day), a renewal (the renewal
 * date moving on once the renewal window of the old date has opened, dated on the old date) and a
 * downgrade ({@code mrr} going down, dated on the call's day).
 */
public final class OutcomeFinder {

    /** An outcome found: {@code churned}, {@code renewed} or {@code downgraded}. */
    public record Found(String kind, LocalDate on, String note) {
    }

    /** What the outcomes are judged against: the traits as they were before the call. */
    public record Before(String status, LocalDate renewalDate, BigDecimal mrr) {

        public static Before of(AccountState state) {
            return new Before(state.status, state.renewalDate, state.mrr);
        }
    }

    private OutcomeFinder() {
    }

    /**
     * @param traits the call's traits
     * @param after the state with the call applied
     * @param day the call's day
     * @param renewalWindowDays how long before a renewal date a new date counts as its renewal
     */
    public static List<Found> find(Before before, AccountTraits traits, AccountState after, LocalDate day,
            int renewalWindowDays) {
        List<Found> found = new ArrayList<>(1);
        if (AccountTraits.CHURNED.equals(traits.status())
                && (traits.churnedAt() != null || !AccountTraits.CHURNED.equals(before.status()))) {
            found.add(new Found("churned", traits.churnedAt() != null ? traits.churnedAt() : day, "status churned"));
        }
        LocalDate renewal = before.renewalDate();
        if (renewal != null && after.renewalDate != null && after.renewalDate.isAfter(renewal)
                && !day.isBefore(renewal.minusDays(renewalWindowDays))) {
            found.add(new Found("renewed", renewal, "renewal date moved from " + renewal + " to " + after.renewalDate));
        }
        if (before.mrr() != null && after.mrr != null && after.mrr.compareTo(before.mrr()) < 0) {
            found.add(new Found("downgraded", day, "mrr from " + before.mrr().toPlainString() + " to "
                    + after.mrr.toPlainString()));
        }
        return found;
    }
}
