package io.touchline.messaging.contract;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Set;

/**
 * The account traits scoring and playbooks use, typed, as ingest-service reads them from a
 * Segment {@code group} call's {@code traits}; carried as {@code accountTraits} in the
 * {@code usage.group} payload beside the untouched {@code traits}. Every field is optional: a
 * group call sends what changed. See docs/account-traits.md.
 *
 * @param name the account's display name
 * @param plan the subscribed plan
 * @param mrr contract amount per month, in {@code currency}
 * @param currency ISO 4217 code of {@code mrr}
 * @param seats licensed seats
 * @param contractStart first day of the current contract
 * @param renewalDate the next renewal
 * @param csmOwner the responsible CSM's email
 * @param primaryContact the customer's main contact (email or name)
 * @param employees the customer organisation's size
 * @param importance any of {@code strategic}, {@code reference}, {@code feedback}, {@code influencer}
 * @param expansionPotential {@code low}, {@code medium} or {@code high}
 * @param status the account's commercial status as the product knows it; {@code churned} marks it
 *        churned (any other value, e.g. {@code active}, marks it not churned)
 * @param churnedAt the day the account churned, when {@code status} is {@code churned} (default:
 *        the day of the group call)
 */
public record AccountTraits(
        String name,
        String plan,
        BigDecimal mrr,
        String currency,
        Integer seats,
        LocalDate contractStart,
        LocalDate renewalDate,
        String csmOwner,
        String primaryContact,
        Integer employees,
        Set<String> importance,
        String expansionPotential,
        String status,
        LocalDate churnedAt) {

    /** The {@code status} that marks an account churned. */
    public static final String CHURNED = "churned";
    public static final Set<String> IMPORTANCE_FLAGS = Set.of("strategic", "reference", "feedback", "influencer");
    public static final Set<String> EXPANSION_LEVELS = Set.of("low", "medium", "high");
}
