package io.touchline.playbook.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * What one playbook does for one signal: an outcome per action, created or suppressed with its
 * reason, and what its guard rails remember afterwards.
 */
public record Decision(Playbook playbook, SignalFacts signal, List<Outcome> outcomes, GuardState after) {

    public Decision {
        outcomes = List.copyOf(outcomes);
    }

    /** A task to create. */
    public record TaskDraft(String id, String title, List<String> checklist, Priority priority, String owner,
            LocalDate dueDate, Instant dueAt) {

        public TaskDraft {
            checklist = List.copyOf(checklist);
        }
    }

    /**
     * A message to request.
     *
     * @param recipient a user id, the primary contact or the owner, by the audience
     * @param taskId the task the same decision creates, if any
     */
    public record MessageDraft(String id, Channel channel, String template, Audience audience, String recipient,
            String taskId) {
    }

    /**
     * One action's outcome.
     *
     * @param index the action's position in the playbook
     * @param suppressed why it did not happen; null when it did
     * @param task the task created, or that a dry run would have created
     * @param messages the messages requested, or that a dry run would have requested
     */
    public record Outcome(int index, Action action, Suppression suppressed, TaskDraft task, List<MessageDraft> messages) {

        public Outcome {
            messages = List.copyOf(messages);
        }

        static Outcome suppressed(int index, Action action, Suppression reason) {
            return new Outcome(index, action, reason, null, List.of());
        }

        public boolean created() {
            return suppressed == null;
        }
    }

    /** Whether any action happened. */
    public boolean fired() {
        return outcomes.stream().anyMatch(Outcome::created);
    }

    public List<TaskDraft> tasks() {
        return outcomes.stream().filter(Outcome::created).filter(o -> o.task() != null).map(Outcome::task).toList();
    }

    public List<MessageDraft> messages() {
        return outcomes.stream().filter(Outcome::created).flatMap(o -> o.messages().stream()).toList();
    }

    /**
     * The decision of a playbook in dry-run: what would have been created is recorded as
     * suppressed with reason {@code dry-run}, with its drafts, and the guard rails remember
     * nothing, since nothing happened.
     */
    public Decision asDryRun(GuardState before) {
        return new Decision(playbook, signal, outcomes.stream()
                .map(o -> o.created() ? new Outcome(o.index(), o.action(), Suppression.DRY_RUN, o.task(), o.messages()) : o)
                .toList(), before);
    }
}
