package io.touchline.playbook.domain;

import java.time.Duration;
import java.util.List;

/**
 * What keeps a playbook from flooding a CSM or a customer. Besides these, a playbook never has
 * more than one open task per account.
 *
 * @param cooldown after firing for an account, it does not fire for it again within this time of
 *        the signal (zero: no cooldown)
 * @param messagesPerWeek at most this many of its message actions per account within 7 days
 * @param never what it must never do
 */
public record GuardRails(Duration cooldown, int messagesPerWeek, List<NeverRule> never) {

    public static final Duration DEFAULT_COOLDOWN = Duration.ofDays(7);
    public static final int DEFAULT_MESSAGES_PER_WEEK = 2;
    public static final List<NeverRule> DEFAULT_NEVER = List.of(NeverRule.NO_TASK_FOR_TECH_TOUCH);
    public static final GuardRails DEFAULT = new GuardRails(DEFAULT_COOLDOWN, DEFAULT_MESSAGES_PER_WEEK, DEFAULT_NEVER);

    public GuardRails {
        never = List.copyOf(never);
    }

    public boolean forbids(ActionKind kind, SignalFacts s) {
        return never.stream().anyMatch(rule -> rule.forbids(kind, s));
    }
}
