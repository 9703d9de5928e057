package io.touchline.scoring.domain;

import io.touchline.messaging.DeterministicIds;
import io.touchline.messaging.contract.HealthSignal;
import io.touchline.scoring.domain.model.Band;

/**
 * The {@code HEALTH_BAND_CHANGED} signal. Its episode is the event that moved the band, so
 * processing that event again (a redelivery, a replay) yields the same signal id.
 */
public final class BandChange {

    public static final String SIGNAL_TYPE = "HEALTH_BAND_CHANGED";

    private BandChange() {
    }

    public static HealthSignal signal(String tenantId, String accountId, String causingEventId, Band from, Band to,
            double score, String userId) {
        return new HealthSignal(DeterministicIds.of(tenantId, accountId, SIGNAL_TYPE, causingEventId), SIGNAL_TYPE,
                score, to.wireName(), userId, "Health went from " + from.wireName() + " to " + to.wireName());
    }
}
