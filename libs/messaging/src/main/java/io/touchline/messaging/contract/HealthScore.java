package io.touchline.messaging.contract;

/**
 * Payload of {@code health.score} on the compacted topic {@code health-scores}: the latest score
 * of an account (the key), so a consumer can rebuild every account's current health.
 *
 * @param score 0-100, higher is healthier
 * @param band red, yellow or green
 * @param partial true when some measures had no data
 * @param scorecardVersion the scorecard version that produced it
 */
public record HealthScore(double score, String band, boolean partial, int scorecardVersion) {

    public HealthScore {
        Contracts.require(band, "band");
    }
}
