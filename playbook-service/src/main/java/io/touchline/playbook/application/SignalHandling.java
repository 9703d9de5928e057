package io.touchline.playbook.application;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.touchline.messaging.contract.CsTask;
import io.touchline.messaging.outbox.Outbox;
import io.touchline.playbook.domain.Action;
import io.touchline.playbook.domain.Decision;
import io.touchline.playbook.domain.GuardState;
import io.touchline.playbook.domain.Playbook;
import io.touchline.playbook.domain.PlaybookEngine;
import io.touchline.playbook.domain.PlaybookState;
import io.touchline.playbook.domain.SignalFacts;
import io.touchline.playbook.domain.TaskStatus;
import io.touchline.playbook.domain.Wire;
import io.touchline.playbook.messaging.OutgoingMessages;
import io.touchline.playbook.store.ActionStore;
import io.touchline.playbook.store.GuardStore;
import io.touchline.playbook.store.PlaybookStore;
import io.touchline.playbook.store.SignalStore;
import io.touchline.playbook.store.TaskChangeStore;
import io.touchline.playbook.store.TaskStore;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Applies a poll of health signals in one transaction: stores each signal not received before
 * (a redelivered, replayed or doubly raised one is skipped here, for good), decides every
 * enabled or dry-run playbook its trigger matches, in the poll's order, and writes the tasks,
 * their first change, every action's outcome, the guard rails' new state and the outgoing
 * messages (task events, message requests) to the outbox. The signals join the alerts feed last.
 * Historical signals, raised by a backfill, are stored and nothing more.
 */
@ApplicationScoped
public class SignalHandling {

    /**
     * A decoded signal, ready to apply, with the trace context its messages pass on (null when not
     * traced).
     *
     * @param historical raised while its tenant backfilled history (docs/backfill.md): stored for
     *        the history and simulation, never acted on and never on the alerts feed
     */
    public record Incoming(SignalStore.Received row, SignalFacts facts, String traceParent, boolean historical) {
    }

    /**
     * What a poll did.
     *
     * @param fresh the signals received for the first time
     * @param decisions every playbook's decision, dry runs included
     * @param tasks the tasks created
     */
    public record Result(List<Incoming> fresh, int duplicates, List<Decision> decisions, List<CsTask> tasks,
            int messages) {

        static final Result NONE = new Result(List.of(), 0, List.of(), List.of(), 0);

        /** The results of a poll applied in several transactions, as one. */
        public static Result sum(List<Result> results) {
            if (results.size() == 1) {
                return results.get(0);
            }
            List<Incoming> fresh = new ArrayList<>();
            List<Decision> decisions = new ArrayList<>();
            List<CsTask> tasks = new ArrayList<>();
            int duplicates = 0;
            int messages = 0;
            for (Result r : results) {
                fresh.addAll(r.fresh());
                decisions.addAll(r.decisions());
                tasks.addAll(r.tasks());
                duplicates += r.duplicates();
                messages += r.messages();
            }
            return new Result(fresh, duplicates, decisions, tasks, messages);
        }
    }

    private final Pool pool;
    private final SignalStore signals;
    private final PlaybookLibrary library;
    private final GuardStore guards;
    private final TaskStore tasks;
    private final TaskChangeStore changes;
    private final ActionStore actions;
    private final Outbox outbox;

    public SignalHandling(Pool pool, SignalStore signals, PlaybookLibrary library, GuardStore guards, TaskStore tasks,
            TaskChangeStore changes, ActionStore actions, Outbox outbox) {
        this.pool = pool;
        this.signals = signals;
        this.library = library;
        this.guards = guards;
        this.tasks = tasks;
        this.changes = changes;
        this.actions = actions;
        this.outbox = outbox;
    }

    public Uni<Result> apply(List<Incoming> poll) {
        if (poll.isEmpty()) {
            return Uni.createFrom().item(Result.NONE);
        }
        Set<String> tenantIds = new LinkedHashSet<>();
        poll.forEach(in -> tenantIds.add(in.facts().tenantId()));
        // Statements that do not wait for each other's results are issued together: the
        // connection pipelines them, so a poll costs a few round trips to PostgreSQL, not one per
        // statement.
        return pool.withTransaction(connection -> Uni.combine().all()
                .unis(signals.insertNew(connection, poll.stream().map(Incoming::row).toList()),
                        library.of(connection, tenantIds))
                .asTuple()
                .flatMap(found -> {
                    Set<String> inserted = found.getItem1();
                    Map<String, PlaybookLibrary.TenantPlaybooks> libraries = found.getItem2();
                    // A signal twice in one poll was inserted once: only its first copy is fresh.
                    List<Incoming> fresh = poll.stream().filter(in -> inserted.remove(in.row().key())).toList();
                    if (fresh.isEmpty()) {
                        return Uni.createFrom().item(new Result(List.of(), poll.size(), List.of(), List.of(), 0));
                    }
                    return decide(connection, fresh, libraries, poll.size() - fresh.size());
                }));
    }

    /** Finds the playbooks each fresh signal matches, locks their guard states, decides and writes. */
    private Uni<Result> decide(SqlConnection connection, List<Incoming> fresh,
            Map<String, PlaybookLibrary.TenantPlaybooks> libraries, int duplicates) {
        Map<Incoming, List<Playbook>> matched = new LinkedHashMap<>();
        Set<GuardStore.Key> keys = new LinkedHashSet<>();
        for (Incoming in : fresh) {
            List<Playbook> matching = new ArrayList<>();
            matched.put(in, matching);
            if (in.historical()) {
                continue;
            }
            for (PlaybookStore.Version v : libraries.get(in.facts().tenantId()).playbooks()) {
                Playbook p = v.playbook();
                if (p.state() != PlaybookState.DISABLED && PlaybookEngine.matches(p, in.facts())) {
                    matching.add(p);
                    keys.add(key(in.facts(), p));
                }
            }
        }
        return guards.lock(connection, keys)
                .flatMap(states -> decideAndWrite(connection, fresh, matched, libraries, states, duplicates));
    }

    private Uni<Result> decideAndWrite(SqlConnection connection, List<Incoming> fresh,
            Map<Incoming, List<Playbook>> matched, Map<String, PlaybookLibrary.TenantPlaybooks> libraries,
            Map<GuardStore.Key, GuardState> states, int duplicates) {
        Instant now = Instant.now();
        Map<GuardStore.Key, GuardState> changed = new HashMap<>();
        List<Decision> decisions = new ArrayList<>();
        List<TaskStore.TaskRow> newTasks = new ArrayList<>();
        List<TaskChangeStore.TaskChange> created = new ArrayList<>();
        List<ActionStore.ActionRecord> outcomes = new ArrayList<>();
        List<Outbox.Pending> messages = new ArrayList<>();
        int requested = 0;
        for (Incoming in : fresh) {
            SignalFacts s = in.facts();
            for (Playbook p : matched.get(in)) {
                GuardStore.Key key = key(s, p);
                GuardState before = states.getOrDefault(key, GuardState.EMPTY);
                Decision d = PlaybookEngine.decide(p, s, before, libraries.get(s.tenantId()).tenant().settings());
                if (p.state() == PlaybookState.DRY_RUN) {
                    d = d.asDryRun(before);
                } else if (!d.after().equals(before)) {
                    states.put(key, d.after());
                    changed.put(key, d.after());
                }
                decisions.add(d);
                for (Decision.Outcome o : d.outcomes()) {
                    outcomes.add(record(s, p, o, now));
                }
                for (Decision.TaskDraft draft : d.tasks()) {
                    CsTask task = new CsTask(draft.id(), s.accountId(), p.id(), p.version(), s.signalId(), s.signalType(),
                            s.tier(), s.stage(), draft.title(), draft.checklist(), Wire.name(draft.priority()),
                            draft.owner(), Wire.name(TaskStatus.OPEN), draft.dueDate(), draft.dueAt(), null, null, null,
                            null, 1, now, now, null);
                    newTasks.add(new TaskStore.TaskRow(s.tenantId(), task, in.row().publishedAt()));
                    created.add(new TaskChangeStore.TaskChange(task.taskId(), 1, s.tenantId(), s.accountId(), "created",
                            task.status(), task.owner(), null, "playbook " + p.id() + " v" + p.version(), now));
                    messages.add(OutgoingMessages.taskEvent(s.tenantId(), task, s.at(), in.traceParent()));
                }
                for (Decision.MessageDraft draft : d.messages()) {
                    messages.add(OutgoingMessages.touchMessage(p, draft, s.tenantId(), s.accountId(), s.signalId(), s.at(),
                            in.traceParent()));
                    requested++;
                }
            }
        }
        int messageCount = requested;
        List<CsTask> createdTasks = newTasks.stream().map(TaskStore.TaskRow::task).toList();
        // Pipelined, as above; the feed positions are handed out last, under their lock.
        return Uni.combine().all()
                .unis(tasks.insert(connection, newTasks), changes.insert(connection, created),
                        actions.insert(connection, outcomes), guards.save(connection, changed),
                        outbox.addAll(connection, messages),
                        signals.publish(connection,
                                fresh.stream().filter(in -> !in.historical()).map(Incoming::row).toList()))
                .discardItems()
                .replaceWith(() -> new Result(fresh, duplicates, decisions, createdTasks, messageCount));
    }

    private static GuardStore.Key key(SignalFacts s, Playbook p) {
        return new GuardStore.Key(s.tenantId(), s.accountId(), p.id());
    }

    private static ActionStore.ActionRecord record(SignalFacts s, Playbook p, Decision.Outcome o, Instant now) {
        String channel = null;
        String template = null;
        if (o.action() instanceof Action.Message m) {
            channel = Wire.name(m.channel());
            template = m.template();
        }
        return new ActionStore.ActionRecord(s.tenantId(), s.signalId(), p.id(), o.index(), p.version(), s.accountId(),
                Wire.name(o.action().kind()), channel, template, o.created() ? "created" : "suppressed",
                Wire.name(o.suppressed()), o.task() == null ? null : o.task().id(),
                o.messages().stream().map(Decision.MessageDraft::id).toList(),
                o.messages().stream().map(Decision.MessageDraft::recipient).toList(), s.at(), now);
    }
}
