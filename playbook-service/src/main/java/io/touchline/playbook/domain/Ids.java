package io.touchline.playbook.domain;

import io.touchline.messaging.DeterministicIds;

/**
 * Ids of what a playbook creates, derived from the signal, the playbook and the action: a signal
 * delivered twice, replayed, or raised by two sweeps at once yields the same ids, so nothing is
 * created twice.
 */
public final class Ids {

    private Ids() {
    }

    public static String task(String signalId, String playbookId, int action) {
        return DeterministicIds.of(signalId, playbookId, "action", Integer.toString(action));
    }

    public static String message(String signalId, String playbookId, int action, String recipient) {
        return DeterministicIds.of(signalId, playbookId, "action", Integer.toString(action), recipient);
    }
}
