package io.touchline.playbook.store;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.touchline.messaging.contract.HealthSignal;
import io.touchline.playbook.domain.Action;
import io.touchline.playbook.domain.ActionKind;
import io.touchline.playbook.domain.Audience;
import io.touchline.playbook.domain.Channel;
import io.touchline.playbook.domain.GuardRails;
import io.touchline.playbook.domain.NeverRule;
import io.touchline.playbook.domain.Playbook;
import io.touchline.playbook.domain.PlaybookState;
import io.touchline.playbook.domain.Priority;
import io.touchline.playbook.domain.Range;
import io.touchline.playbook.domain.Trigger;
import io.touchline.playbook.domain.Wire;
import io.touchline.web.Problem.FieldError;

/**
 * A playbook as JSON: what an admin writes, what the API shows and what the database stores (with
 * every default filled in). {@link #parse} checks every rule and names each field that breaks one.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PlaybookDefinition(String id, String name, String state, TriggerDefinition trigger,
        List<ActionDefinition> actions, GuardRailsDefinition guardRails) {

    /** See {@link Trigger}. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record TriggerDefinition(String signal, List<String> tiers, List<String> stages, List<String> bands,
            List<String> churnLevels, RangeDefinition churnProbability, RangeDefinition score) {
    }

    /** An inclusive range; either end may be left out. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RangeDefinition(Double min, Double max) {
    }

    /** A {@code task} (title, checklist, priority, dueInBusinessDays) or a {@code message} (channel, template, audience). */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record ActionDefinition(String type, String title, List<String> checklist, String priority,
            Integer dueInBusinessDays, String channel, String template, String audience) {
    }

    /** See {@link GuardRails}; the cooldown is an ISO-8601 duration ({@code P7D}, {@code PT12H}). */
    public record GuardRailsDefinition(String cooldown, Integer messagesPerWeek, List<NeverDefinition> never) {
    }

    /** See {@link NeverRule}; {@code action} is {@code task}, {@code message} or {@code any}. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record NeverDefinition(String action, List<String> tiers, List<String> stages) {
    }

    public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    static final Pattern TEMPLATE = ID;
    static final int MAX_NAME = 200;
    static final int MAX_TITLE = 200;
    static final int MAX_ACTIONS = 10;
    static final int MAX_CHECKLIST = 20;
    static final int MAX_DUE_DAYS = 90;
    static final int MAX_MESSAGES_PER_WEEK = 50;
    static final int MAX_NEVER = 10;
    static final Duration MAX_COOLDOWN = Duration.ofDays(365);
    static final String ANY = "any";

    /** Either the playbook or what is wrong with its definition. */
    public record Parsed(Playbook playbook, List<FieldError> errors) {

        public boolean valid() {
            return errors.isEmpty();
        }
    }

    /**
     * Checks every rule and builds the playbook of this id and version.
     *
     * @param id the playbook's id (the path's, or the body's on creation)
     */
    public Parsed parse(String id, int version) {
        Checks c = new Checks();
        String checkedName = c.text("name", name, MAX_NAME);
        PlaybookState checkedState = state == null ? PlaybookState.DISABLED
                : c.oneOf("state", state, PlaybookState.class);
        Trigger checkedTrigger = trigger(c);
        List<Action> checkedActions = actions(c);
        GuardRails checkedRails = guardRails(c);
        if (!c.errors.isEmpty()) {
            return new Parsed(null, List.copyOf(c.errors));
        }
        return new Parsed(new Playbook(id, version, checkedName, checkedState, checkedTrigger, checkedActions, checkedRails),
                List.of());
    }

    private Trigger trigger(Checks c) {
        if (trigger == null) {
            c.error("trigger", "required", "must be an object with at least a signal");
            return null;
        }
        String signal = trigger.signal();
        if (signal == null || !HealthSignal.TYPES.contains(signal)) {
            c.error("trigger.signal", "one-of", "must be one of " + new TreeSet<>(HealthSignal.TYPES));
        }
        return new Trigger(signal, c.values("trigger.tiers", trigger.tiers(), HealthSignal.TIERS),
                c.values("trigger.stages", trigger.stages(), HealthSignal.STAGES),
                c.values("trigger.bands", trigger.bands(), HealthSignal.BANDS),
                c.values("trigger.churnLevels", trigger.churnLevels(), HealthSignal.CHURN_LEVELS),
                c.range("trigger.churnProbability", trigger.churnProbability(), 1),
                c.range("trigger.score", trigger.score(), 100));
    }

    private List<Action> actions(Checks c) {
        if (actions == null || actions.isEmpty()) {
            c.error("actions", "required", "must list at least one action");
            return List.of();
        }
        if (actions.size() > MAX_ACTIONS) {
            c.error("actions", "max-items", "must list at most " + MAX_ACTIONS + " actions");
        }
        List<Action> result = new ArrayList<>();
        for (int i = 0; i < actions.size(); i++) {
            ActionDefinition a = actions.get(i);
            String at = "actions[" + i + "]";
            if (a == null) {
                c.error(at, "required", "must be an object");
                continue;
            }
            ActionKind kind = c.oneOf(at + ".type", a.type(), ActionKind.class);
            if (kind == ActionKind.TASK) {
                c.absent(at + ".channel", a.channel(), "a task");
                c.absent(at + ".template", a.template(), "a task");
                c.absent(at + ".audience", a.audience(), "a task");
                String title = c.text(at + ".title", a.title(), MAX_TITLE);
                List<String> checklist = a.checklist() == null ? List.of() : a.checklist();
                if (checklist.size() > MAX_CHECKLIST) {
                    c.error(at + ".checklist", "max-items", "must list at most " + MAX_CHECKLIST + " steps");
                }
                for (int j = 0; j < checklist.size(); j++) {
                    c.text(at + ".checklist[" + j + "]", checklist.get(j), MAX_TITLE);
                }
                Priority priority = a.priority() == null ? Priority.NORMAL
                        : c.oneOf(at + ".priority", a.priority(), Priority.class);
                Integer due = a.dueInBusinessDays();
                if (due == null || due < 0 || due > MAX_DUE_DAYS) {
                    c.error(at + ".dueInBusinessDays", "range", "must be a whole number from 0 to " + MAX_DUE_DAYS);
                }
                if (title != null && due != null) {
                    result.add(new Action.Task(title, checklist, priority, due));
                }
            } else if (kind == ActionKind.MESSAGE) {
                c.absent(at + ".title", a.title(), "a message");
                c.absent(at + ".checklist", a.checklist(), "a message");
                c.absent(at + ".priority", a.priority(), "a message");
                c.absent(at + ".dueInBusinessDays", a.dueInBusinessDays(), "a message");
                Channel channel = c.oneOf(at + ".channel", a.channel(), Channel.class);
                if (a.template() == null || !TEMPLATE.matcher(a.template()).matches()) {
                    c.error(at + ".template", "pattern", "must be a template id: lower-case letters, digits and hyphens");
                }
                Audience audience = c.oneOf(at + ".audience", a.audience(), Audience.class);
                result.add(new Action.Message(channel, a.template(), audience));
            }
        }
        return result;
    }

    private GuardRails guardRails(Checks c) {
        if (guardRails == null) {
            return GuardRails.DEFAULT;
        }
        Duration cooldown = GuardRails.DEFAULT_COOLDOWN;
        if (guardRails.cooldown() != null) {
            try {
                cooldown = Duration.parse(guardRails.cooldown());
                if (cooldown.isNegative() || cooldown.compareTo(MAX_COOLDOWN) > 0) {
                    c.error("guardRails.cooldown", "range", "must be from PT0S to P365D");
                }
            } catch (DateTimeParseException e) {
                c.error("guardRails.cooldown", "iso-8601", "must be an ISO-8601 duration such as P7D or PT12H");
            }
        }
        int perWeek = GuardRails.DEFAULT_MESSAGES_PER_WEEK;
        if (guardRails.messagesPerWeek() != null) {
            perWeek = guardRails.messagesPerWeek();
            if (perWeek < 1 || perWeek > MAX_MESSAGES_PER_WEEK) {
                c.error("guardRails.messagesPerWeek", "range", "must be a whole number from 1 to " + MAX_MESSAGES_PER_WEEK);
            }
        }
        List<NeverRule> never = GuardRails.DEFAULT_NEVER;
        if (guardRails.never() != null) {
            if (guardRails.never().size() > MAX_NEVER) {
                c.error("guardRails.never", "max-items", "must list at most " + MAX_NEVER + " rules");
            }
            never = new ArrayList<>();
            for (int i = 0; i < guardRails.never().size(); i++) {
                NeverDefinition n = guardRails.never().get(i);
                String at = "guardRails.never[" + i + "]";
                if (n == null) {
                    c.error(at, "required", "must be an object");
                    continue;
                }
                ActionKind kind = ANY.equals(n.action()) ? null : c.oneOf(at + ".action", n.action(), ActionKind.class, ANY);
                never.add(new NeverRule(kind, c.values(at + ".tiers", n.tiers(), HealthSignal.TIERS),
                        c.values(at + ".stages", n.stages(), HealthSignal.STAGES)));
            }
        }
        return new GuardRails(cooldown, perWeek, never);
    }

    /** The definition of a playbook, every default written out: what the API shows and the database keeps. */
    public static PlaybookDefinition of(Playbook p) {
        Trigger t = p.trigger();
        TriggerDefinition trigger = new TriggerDefinition(t.signal(), sorted(t.tiers()), sorted(t.stages()),
                sorted(t.bands()), sorted(t.churnLevels()), range(t.churnProbability()), range(t.score()));
        List<ActionDefinition> actions = p.actions().stream().map(a -> a instanceof Action.Task task
                ? new ActionDefinition("task", task.title(), task.checklist(), Wire.name(task.priority()),
                        task.dueInBusinessDays(), null, null, null)
                : message((Action.Message) a)).toList();
        GuardRails g = p.guardRails();
        List<NeverDefinition> never = g.never().stream()
                .map(n -> new NeverDefinition(n.action() == null ? ANY : Wire.name(n.action()), sorted(n.tiers()),
                        sorted(n.stages())))
                .toList();
        return new PlaybookDefinition(p.id(), p.name(), Wire.name(p.state()), trigger, actions,
                new GuardRailsDefinition(g.cooldown().toString(), g.messagesPerWeek(), never));
    }

    private static ActionDefinition message(Action.Message m) {
        return new ActionDefinition("message", null, null, null, null, Wire.name(m.channel()), m.template(),
                Wire.name(m.audience()));
    }

    private static List<String> sorted(Set<String> values) {
        return List.copyOf(new TreeSet<>(values));
    }

    private static RangeDefinition range(Range range) {
        return range == null ? null : new RangeDefinition(range.min(), range.max());
    }

    /** Collects the broken rules while the playbook is built. */
    private static final class Checks {

        final List<FieldError> errors = new ArrayList<>();

        void error(String field, String rule, String message) {
            errors.add(new FieldError(field, rule, message));
        }

        String text(String field, String value, int max) {
            if (value == null || value.isBlank()) {
                error(field, "required", "must not be blank");
                return null;
            }
            if (value.length() > max) {
                error(field, "length", "must be at most " + max + " characters");
                return null;
            }
            return value.trim();
        }

        <E extends Enum<E>> E oneOf(String field, String value, Class<E> type, String... more) {
            E parsed = Wire.parse(type, value);
            if (parsed == null) {
                Set<String> allowed = new TreeSet<>(Wire.names(type));
                allowed.addAll(List.of(more));
                error(field, "one-of", "must be one of " + allowed);
            }
            return parsed;
        }

        void absent(String field, Object value, String what) {
            if (value != null) {
                error(field, "not-allowed", "is not a field of " + what);
            }
        }

        Set<String> values(String field, List<String> values, Set<String> allowed) {
            if (values == null) {
                return Set.of();
            }
            Set<String> result = new LinkedHashSet<>();
            for (int i = 0; i < values.size(); i++) {
                if (values.get(i) == null || !allowed.contains(values.get(i))) {
                    error(field + "[" + i + "]", "one-of", "must be one of " + new TreeSet<>(allowed));
                } else {
                    result.add(values.get(i));
                }
            }
            return result;
        }

        Range range(String field, RangeDefinition range, double max) {
            if (range == null) {
                return null;
            }
            boolean ok = true;
            for (String end : List.of("min", "max")) {
                Double value = end.equals("min") ? range.min() : range.max();
                if (value != null && !(value >= 0 && value <= max)) {
                    error(field + "." + end, "range", "must be from 0 to " + (max == 1 ? "1" : "100"));
                    ok = false;
                }
            }
            if (ok && range.min() != null && range.max() != null && range.min() > range.max()) {
                error(field, "order", "min must not exceed max");
            }
            return new Range(range.min(), range.max());
        }
    }
}
