package io.touchline.playbook.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.touchline.messaging.contract.HealthSignal;

/**
 * Decides what a playbook does for a signal, given what its guard rails remember of the account.
 * Pure: the live consumer, dry runs and simulation over history all decide here, so they agree.
 * <p>
 * In order: a churned account gets nothing; within the cooldown nothing happens; then each action
 * on its own: a "never" rule forbids it; a task while the playbook's last task for the account is
 * open is a duplicate; a message beyond the weekly cap, or without a recipient, is not sent.
 */
public final class PlaybookEngine {

    /** The window of the message cap. */
    public static final Duration CAP_WINDOW = Duration.ofDays(7);

    private PlaybookEngine() {
    }

    /** Whether the playbook's trigger matches the signal; the caller decides only for those. */
    public static boolean matches(Playbook playbook, SignalFacts signal) {
        return playbook.trigger().matches(signal);
    }

    public static Decision decide(Playbook playbook, SignalFacts s, GuardState before, TenantSettings settings) {
        GuardRails rails = playbook.guardRails();
        Suppression all = null;
        if (HealthSignal.CHURNED.equals(s.stage())) {
            all = Suppression.CHURNED;
        } else if (within(before.lastFiredAt(), s.at(), rails.cooldown())) {
            all = Suppression.COOLDOWN;
        }
        String openTask = before.openTaskId();
        List<Instant> sent = new ArrayList<>();
        for (Instant time : before.messageTimes()) {
            if (within(time, s.at(), CAP_WINDOW)) {
                sent.add(time);
            }
        }
        List<Action> actions = playbook.actions();
        Suppression[] reasons = new Suppression[actions.size()];
        Decision.TaskDraft task = null;
        for (int i = 0; i < actions.size(); i++) {
            Action action = actions.get(i);
            if (all != null) {
                reasons[i] = all;
            } else if (rails.forbids(action.kind(), s)) {
                reasons[i] = Suppression.NEVER_RULE;
            } else if (action instanceof Action.Task t) {
                if (openTask != null) {
                    reasons[i] = Suppression.DUPLICATE;
                } else {
                    task = task(playbook, i, t, s, settings);
                    openTask = task.id();
                }
            } else if (action instanceof Action.Message m) {
                if (recipients(m.audience(), s).isEmpty()) {
                    reasons[i] = Suppression.NO_RECIPIENT;
                } else if (sent.size() >= rails.messagesPerWeek()) {
                    reasons[i] = Suppression.CAP;
                } else {
                    sent.add(s.at());
                }
            }
        }
        List<Decision.Outcome> outcomes = new ArrayList<>(actions.size());
        boolean fired = false;
        for (int i = 0; i < actions.size(); i++) {
            Action action = actions.get(i);
            if (reasons[i] != null) {
                outcomes.add(Decision.Outcome.suppressed(i, action, reasons[i]));
                continue;
            }
            fired = true;
            if (action instanceof Action.Task) {
                outcomes.add(new Decision.Outcome(i, action, null, task, List.of()));
            } else {
                Action.Message m = (Action.Message) action;
                String taskId = task == null ? null : task.id();
                int index = i;
                List<Decision.MessageDraft> messages = recipients(m.audience(), s).stream()
                        .map(to -> new Decision.MessageDraft(Ids.message(s.signalId(), playbook.id(), index, to),
                                m.channel(), m.template(), m.audience(), to, taskId))
                        .toList();
                outcomes.add(new Decision.Outcome(i, action, null, null, messages));
            }
        }
        GuardState after = !fired ? before
                : new GuardState(later(before.lastFiredAt(), s.at()), openTask, sent);
        return new Decision(playbook, s, outcomes, after);
    }

    /** Who a message to the audience goes to, in order, each once. */
    public static List<String> recipients(Audience audience, SignalFacts s) {
        return switch (audience) {
            case PRIMARY_CONTACT -> s.primaryContact() == null ? List.of() : List.of(s.primaryContact());
            case OWNER -> s.csmOwner() == null ? List.of() : List.of(s.csmOwner());
            case ACTIVE_USERS -> {
                Set<String> users = new LinkedHashSet<>();
                if (s.userId() != null) {
                    users.add(s.userId());
                }
                users.addAll(s.activeUsers());
                yield List.copyOf(users);
            }
        };
    }

    private static Decision.TaskDraft task(Playbook playbook, int index, Action.Task t, SignalFacts s,
            TenantSettings settings) {
        LocalDate due = BusinessDays.due(s.at(), settings.timeZone(), t.dueInBusinessDays());
        return new Decision.TaskDraft(Ids.task(s.signalId(), playbook.id(), index), t.title(), t.checklist(),
                t.priority(), settings.owner(s.tier(), s.csmOwner()), due, BusinessDays.endOf(due, settings.timeZone()));
    }

    /** Whether two moments lie less than {@code window} apart, either way round (signals may come out of time order). */
    static boolean within(Instant earlier, Instant at, Duration window) {
        return earlier != null && Duration.between(earlier, at).abs().compareTo(window) < 0;
    }

    private static Instant later(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }
}
