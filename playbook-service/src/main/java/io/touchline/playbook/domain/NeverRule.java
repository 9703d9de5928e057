package io.touchline.playbook.domain;

import java.util.Set;

/**
 * What a playbook must never do, whatever its trigger says: "decide what you will NOT do". The
 * default forbids a CSM task for a tech-touch account.
 *
 * @param action the kind of action forbidden; null forbids any
 * @param tiers the tiers it applies to (empty: all)
 * @param stages the stages it applies to (empty: all)
 */
public record NeverRule(ActionKind action, Set<String> tiers, Set<String> stages) {

    /** No CSM task for a tech-touch account. */
    public static final NeverRule NO_TASK_FOR_TECH_TOUCH = new NeverRule(ActionKind.TASK, Set.of("tech-touch"), Set.of());

    public NeverRule {
        tiers = Set.copyOf(tiers);
        stages = Set.copyOf(stages);
    }

    public boolean forbids(ActionKind kind, SignalFacts s) {
        return (action == null || action == kind) && Trigger.in(tiers, s.tier()) && Trigger.in(stages, s.stage());
    }
}
