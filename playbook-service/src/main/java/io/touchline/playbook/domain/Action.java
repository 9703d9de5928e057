package io.touchline.playbook.domain;

import java.util.List;

/** What a playbook does when it fires: a CSM task or a touch message request. */
public sealed interface Action permits Action.Task, Action.Message {

    ActionKind kind();

    /**
     * A CSM task.
     *
     * @param checklist the steps, in order
     * @param dueInBusinessDays due at the end of this many business days after the signal's day,
     *        in the tenant's time zone, weekends skipped (0: the same business day)
     */
    record Task(String title, List<String> checklist, Priority priority, int dueInBusinessDays) implements Action {

        public Task {
            checklist = List.copyOf(checklist);
        }

        @Override
        public ActionKind kind() {
            return ActionKind.TASK;
        }
    }

    /** A touch message request: a template sent over a channel to an audience. */
    record Message(Channel channel, String template, Audience audience) implements Action {

        @Override
        public ActionKind kind() {
            return ActionKind.MESSAGE;
        }
    }
}
