package io.touchline.playbook.domain;

import java.time.Instant;
import java.util.List;

/**
 * What the guard rails of one playbook remember of one account.
 *
 * @param lastFiredAt the signal time of the last firing (an action happened), for the cooldown
 * @param openTaskId the playbook's task for the account while it is not completed or dismissed
 * @param messageTimes signal times of its recent message actions, for the weekly cap
 */
public record GuardState(Instant lastFiredAt, String openTaskId, List<Instant> messageTimes) {

    public static final GuardState EMPTY = new GuardState(null, null, List.of());

    public GuardState {
        messageTimes = messageTimes == null ? List.of() : List.copyOf(messageTimes);
    }

    /** The same, with the open task closed (completed or dismissed). */
    public GuardState withoutOpenTask() {
        return new GuardState(lastFiredAt, null, messageTimes);
    }
}
