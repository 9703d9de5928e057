package io.touchline.scoring.domain;

import io.touchline.messaging.DeterministicIds;
import io.touchline.messaging.contract.HealthSignal;

/**
 * The {@code ACCOUNT_FIRST_SEEN} signal of an account scoring has never seen. Its id depends only
 * on the account, so the account's first sight can only ever produce one signal.
 */
public final class FirstSight {

    public static final String SIGNAL_TYPE = "ACCOUNT_FIRST_SEEN";

    private FirstSight() {
    }

    public static String signalId(String tenantId, String accountId) {
        return DeterministicIds.of(tenantId, accountId, SIGNAL_TYPE);
    }

    public static HealthSignal signal(String tenantId, String accountId, String userId, double score, String band) {
        return new HealthSignal(signalId(tenantId, accountId), SIGNAL_TYPE, score, band, userId,
                "First event seen for this account");
    }
}
