package io.touchline.playbook.domain;

import java.time.Duration;
import java.util.Optional;

import io.touchline.messaging.DeterministicIds;
import io.touchline.messaging.contract.HealthSignal;

/**
 * Chooses the playbook for a signal. For now the one built-in playbook welcomes a newly seen
 * account; tiers, stages and configurable playbooks replace it in the playbook issue. Ids of
 * what a plan creates derive from the signal id, so a signal processed twice creates nothing new.
 */
public final class Playbooks {

    static final PlaybookPlan WELCOME = new PlaybookPlan(
            "Welcome the new account and plan its onboarding",
            "normal",
            Duration.ofDays(5),
            "Welcome aboard",
            "Your workspace is ready. Your customer success team will be in touch to plan your onboarding.");

    private Playbooks() {
    }

    public static Optional<PlaybookPlan> planFor(HealthSignal signal) {
        return switch (signal.signalType()) {
            case "ACCOUNT_FIRST_SEEN" -> Optional.of(WELCOME);
            default -> Optional.empty();
        };
    }

    public static String taskId(String signalId) {
        return DeterministicIds.of(signalId, "task");
    }

    public static String messageId(String signalId, String channel) {
        return DeterministicIds.of(signalId, "message", channel);
    }
}
