package io.touchline.scoring.domain;

import io.touchline.messaging.DeterministicIds;
import io.touchline.messaging.contract.HealthSignal;

/**
 * What scoring does with an account it has never seen: a neutral placeholder score (until the
 * scoring model lands) and an {@code ACCOUNT_FIRST_SEEN} signal. The signal id depends only on
 * the account, so the account's first sight can only ever produce one signal.
 */
public final class FirstSight {

    public static final String SIGNAL_TYPE = "ACCOUNT_FIRST_SEEN";
    public static final double PLACEHOLDER_SCORE = 50.0;

    private FirstSight() {
    }

    public static String signalId(String tenantId, String accountId) {
        return DeterministicIds.of(tenantId, accountId, SIGNAL_TYPE);
    }

    public static HealthSignal signal(String tenantId, String accountId, String userId) {
        return new HealthSignal(signalId(tenantId, accountId), SIGNAL_TYPE, PLACEHOLDER_SCORE,
                Band.of(PLACEHOLDER_SCORE).wireName(), userId, "First event seen for this account");
    }
}
