package io.touchline.scoring.domain.signal;

import io.touchline.messaging.DeterministicIds;

/**
 * A signal the model decided to fire.
 *
 * @param episode what makes this occurrence one: the event that caused it, the last activity an
 *        inactivity follows, the renewal date a renewal signal is about. Together with the account
 *        and the type it makes the id, so re-processing the same input never fires a second one.
 * @param reason why, in words
 */
public record FiredSignal(SignalType type, String episode, String reason) {

    public String id(String tenantId, String accountId) {
        return DeterministicIds.of(tenantId, accountId, type.name(), episode);
    }
}
