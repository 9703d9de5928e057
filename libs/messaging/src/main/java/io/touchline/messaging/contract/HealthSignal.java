package io.touchline.messaging.contract;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Payload of {@code health.signal} on {@code health-signals}: a threshold an account crossed.
 *
 * @param signalId deterministic from account, signal type and the episode it opens; also the
 *        envelope id
 * @param signalType e.g. {@code ACCOUNT_FIRST_SEEN}, {@code HEALTH_BAND_CHANGED}, {@code INACTIVE}
 * @param score the (effective) health score when the signal fired
 * @param band the (effective) health band when the signal fired
 * @param userId the user whose event triggered it, when one did
 * @param reason why it fired, in words
 * @param snapshot the rest of the score when it fired (null from producers that have none)
 * @param account what tiers and playbooks route on: revenue, seats, contract dates, owner
 * @param explanation the score's explanation: measures, churn factors and the events that moved
 *        it most, as {@code GET /v1/accounts/{id}/health} shows it
 * @param historical raised while the tenant backfilled history (docs/backfill.md): kept in the
 *        signal history for simulation, never acted on
 */
public record HealthSignal(String signalId, String signalType, double score, String band, String userId,
        String reason, Snapshot snapshot, AccountInputs account, JsonNode explanation, boolean historical) {

    /** A live signal. */
    public HealthSignal(String signalId, String signalType, double score, String band, String userId, String reason,
            Snapshot snapshot, AccountInputs account, JsonNode explanation) {
        this(signalId, signalType, score, band, userId, reason, snapshot, account, explanation, false);
    }

    /** The same signal, historical or live. */
    public HealthSignal withHistorical(boolean value) {
        return new HealthSignal(signalId, signalType, score, band, userId, reason, snapshot, account, explanation,
                value);
    }

    /**
     * The score behind a signal.
     *
     * @param computedScore the model's score (differs from {@code score} under a manual override)
     * @param trend7d score minus the score 7 days earlier (null: no score then)
     * @param trend30d score minus the score 30 days earlier
     */
    public record Snapshot(double computedScore, boolean partial, int scorecardVersion, Double churnProbability,
            String churnLevel, Double trend7d, Double trend30d, boolean overridden) {
    }

    /**
     * The account's tier inputs as scoring knows them from group calls.
     *
     * @param tier high-touch, low-touch or tech-touch (null: revenue unknown and nothing raises it)
     * @param stage onboarding, adoption, renewal or churned
     * @param primaryContact the customer's main contact, as group calls name it
     * @param tierBasis why the account has its tier: {@code pin} (set by hand), {@code revenue},
     *        {@code importance} or {@code expansion} (raised to low-touch), {@code unknown}
     * @param activeUserIds the users active within 30 days, most recent first, at most
     *        {@link #MAX_ACTIVE_USER_IDS}
     */
    public record AccountInputs(String name, String plan, BigDecimal mrr, String currency, Integer seats,
            int activeUsers30d, LocalDate contractStart, LocalDate renewalDate, String csmOwner, String tier,
            String stage, String primaryContact, String tierBasis, List<String> activeUserIds) {

        public static final int MAX_ACTIVE_USER_IDS = 100;

        public AccountInputs {
            activeUserIds = activeUserIds == null ? List.of() : List.copyOf(activeUserIds);
        }
    }

    /** The signal types scoring raises (docs/scoring-model.md). */
    public static final Set<String> TYPES = Set.of("ACCOUNT_FIRST_SEEN", "HEALTH_BAND_CHANGED", "HEALTH_DROPPED",
            "CHURN_RISK_HIGH", "INACTIVE", "ONBOARDING_STALLED", "CONTACT_CHANGED", "EXPANSION_CANDIDATE",
            "RENEWAL_APPROACHING");
    /** Values of {@code band}. */
    public static final Set<String> BANDS = Set.of("red", "yellow", "green");
    /** Values of {@code snapshot.churnLevel}. */
    public static final Set<String> CHURN_LEVELS = Set.of("unknown", "low", "medium", "high");
    /** Values of {@code account.tier}. */
    public static final Set<String> TIERS = Set.of("high-touch", "low-touch", "tech-touch");
    /** Values of {@code account.stage}. */
    public static final Set<String> STAGES = Set.of("onboarding", "adoption", "renewal", "churned");
    /** The stage of an account that churned: playbooks take no action for it. */
    public static final String CHURNED = "churned";

    public HealthSignal {
        Contracts.require(signalId, "signalId");
        Contracts.require(signalType, "signalType");
        userId = Contracts.blankToNull(userId);
    }

    /** A signal with only its headline (tests, producers without a score model). */
    public HealthSignal(String signalId, String signalType, double score, String band, String userId, String reason) {
        this(signalId, signalType, score, band, userId, reason, null, null, null);
    }
}
