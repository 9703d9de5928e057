package io.touchline.messaging.contract;

/**
 * Payload of {@code health.signal} on {@code health-signals}: a threshold an account crossed.
 *
 * @param signalId deterministic from account, signal type and the episode it opens; also the
 *        envelope id
 * @param signalType e.g. {@code ACCOUNT_FIRST_SEEN}, {@code HEALTH_BAND_CHANGED}
 * @param score the health score when the signal fired
 * @param band the health band when the signal fired
 * @param userId the user whose event triggered it, when one did
 * @param reason why it fired, in words
 */
public record HealthSignal(String signalId, String signalType, double score, String band, String userId,
        String reason) {

    public HealthSignal {
        Contracts.require(signalId, "signalId");
        Contracts.require(signalType, "signalType");
        userId = Contracts.blankToNull(userId);
    }
}
