package io.touchline.playbook.domain;

import java.util.List;

/**
 * One version of a tenant's playbook: who gets what, when.
 *
 * @param id stable across versions, e.g. {@code health-red-high-touch}
 * @param version 1 for the first, one more for each change
 */
public record Playbook(String id, int version, String name, PlaybookState state, Trigger trigger, List<Action> actions,
        GuardRails guardRails) {

    public Playbook {
        actions = List.copyOf(actions);
    }

    public Playbook withState(PlaybookState newState) {
        return new Playbook(id, version, name, newState, trigger, actions, guardRails);
    }
}
