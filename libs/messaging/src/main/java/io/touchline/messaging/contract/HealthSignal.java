package io.touchline.messaging.contract;

import java.math.BigDecimal;
import java.time.LocalDate;

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
 */
public record HealthSignal(String signalId, String signalType, double score, String band, String userId,
        String reason, Snapshot snapshot, AccountInputs account, JsonNode explanation) {

    /**
     * The score behind a signal.
     *
     * @param computedScore the model's score (differs from {@code score} under a manual override)
     * @param trend7d score minus the score 7 days earlier (null: no score then)
     * @param trend30d score minus the score 30 days earlier
     */
    public record Snapshot(double computedScore, boolean partial, int scorecardVersion, double churnProbability,
            String churnLevel, Double trend7d, Double trend30d, boolean overridden) {
    }

    /**
     * The account's tier inputs as scoring knows them from group calls.
     *
     * @param tier high-touch, low-touch or tech-touch (null: revenue unknown)
     * @param stage onboarding, adoption or renewal
     */
    public record AccountInputs(String name, String plan, BigDecimal mrr, String currency, Integer seats,
            int activeUsers30d, LocalDate contractStart, LocalDate renewalDate, String csmOwner, String tier,
            String stage) {
    }

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
