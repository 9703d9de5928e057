package io.touchline.playbook.application;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.touchline.messaging.contract.CsTask;
import io.touchline.messaging.outbox.Outbox;
import io.touchline.messaging.outbox.OutboxRelay;
import io.touchline.messaging.tracing.TraceContext;
import io.touchline.playbook.config.PlaybookConfig;
import io.touchline.playbook.domain.TaskStatus;
import io.touchline.playbook.domain.TaskTransitions;
import io.touchline.playbook.domain.TaskTransitions.Command;
import io.touchline.playbook.domain.Wire;
import io.touchline.playbook.messaging.OutgoingMessages;
import io.touchline.playbook.store.GuardStore;
import io.touchline.playbook.store.TaskChangeStore;
import io.touchline.playbook.store.TaskStore;
import io.touchline.web.ETags;
import io.touchline.web.ProblemException;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * What CS ops do to tasks (acknowledge, complete, snooze, reassign, dismiss), and the timer that
 * opens snoozed tasks again. Each change is one transaction: the task's next version, its change
 * record, its event on {@code cs-tasks} through the outbox and, when it closes the task, the
 * playbook's guard rails learn the account may get its next task.
 */
@ApplicationScoped
public class TaskActions {

    private static final Logger LOG = Logger.getLogger(TaskActions.class);
    private static final int WAKE_BATCH = 100;

    /**
     * What a command changes besides the status.
     *
     * @param actor who does it, when the caller says
     * @param outcome how it was completed
     * @param note the CSM's note on completing it
     * @param until when a snooze ends
     * @param owner the new owner
     * @param reason why it was dismissed
     */
    public record Change(String actor, String outcome, String note, Instant until, String owner, String reason) {
    }

    private final Pool pool;
    private final TaskStore tasks;
    private final TaskChangeStore changes;
    private final GuardStore guards;
    private final Outbox outbox;
    private final Instance<OutboxRelay> relay;
    private final Vertx vertx;
    private final PlaybookConfig config;
    private long timerId = -1;

    public TaskActions(Pool pool, TaskStore tasks, TaskChangeStore changes, GuardStore guards, Outbox outbox,
            Instance<OutboxRelay> relay, Vertx vertx, PlaybookConfig config) {
        this.pool = pool;
        this.tasks = tasks;
        this.changes = changes;
        this.guards = guards;
        this.outbox = outbox;
        this.relay = relay;
        this.vertx = vertx;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        timerId = vertx.setPeriodic(config.wakeSnoozedEvery().toMillis(), id -> wakeSnoozed().subscribe().with(
                woken -> LOG.debugf("Opened %d snoozed tasks again", woken),
                failure -> LOG.warnf("Snoozed tasks not opened this time: %s", failure)));
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    /**
     * Applies a command to the tenant's task, which must still be the version {@code ifMatch}
     * names: 404 when there is no such task, 428 without If-Match, 412 when it changed since,
     * 409 when its status does not allow the command.
     */
    public Uni<CsTask> apply(String tenantId, String taskId, String ifMatch, Command command, Change change) {
        return pool.withTransaction(connection -> tasks.lock(connection, tenantId, taskId).flatMap(task -> {
            if (task == null) {
                throw ProblemException.notFound("No task '" + taskId + "' in this tenant");
            }
            ETags.require(ifMatch, task.version());
            CsTask next;
            try {
                next = next(task, command, change, Instant.now());
            } catch (TaskTransitions.NotAllowed e) {
                throw ProblemException.conflict(e.getMessage());
            }
            return write(connection, tenantId, next, command, change).replaceWith(next);
        })).invoke(this::wakeRelay);
    }

    /** Opens the tasks whose snooze ended, a batch per transaction; emits how many. */
    public Uni<Integer> wakeSnoozed() {
        return pool.withTransaction(connection -> tasks.lockSnoozeEnded(connection, Instant.now(), WAKE_BATCH)
                .flatMap(due -> Multi.createFrom().iterable(due)
                        .onItem().transformToUniAndConcatenate(row -> {
                            CsTask next = next(row.task(), Command.WAKE, new Change(null, null, null, null, null, null),
                                    Instant.now());
                            return write(connection, row.tenantId(), next, Command.WAKE, null);
                        })
                        .collect().asList()
                        .map(List::size)))
                .invoke(woken -> {
                    if (woken > 0) {
                        wakeRelay(null);
                    }
                })
                .flatMap(woken -> woken == WAKE_BATCH ? wakeSnoozed().map(more -> woken + more)
                        : Uni.createFrom().item(woken));
    }

    /** The task after the command: the next status and version, and what the command sets. */
    static CsTask next(CsTask t, Command command, Change c, Instant now) {
        TaskStatus status = TaskTransitions.next(Wire.parse(TaskStatus.class, t.status()), command);
        String owner = command == Command.REASSIGN ? c.owner() : t.owner();
        Instant snoozedUntil = command == Command.SNOOZE ? c.until() : status == TaskStatus.SNOOZED ? t.snoozedUntil() : null;
        String outcome = command == Command.COMPLETE ? c.outcome() : t.outcome();
        String note = command == Command.COMPLETE ? c.note() : t.note();
        String dismissReason = command == Command.DISMISS ? c.reason() : t.dismissReason();
        return new CsTask(t.taskId(), t.accountId(), t.playbookId(), t.playbookVersion(), t.signalId(), t.signalType(),
                t.tier(), t.stage(), t.title(), t.checklist(), t.priority(), owner, Wire.name(status), t.dueDate(),
                t.dueAt(), snoozedUntil, outcome, note, dismissReason, t.version() + 1, t.createdAt(), now,
                c == null ? null : c.actor());
    }

    private Uni<Void> write(SqlConnection connection, String tenantId, CsTask next, Command command, Change change) {
        TaskChangeStore.TaskChange record = new TaskChangeStore.TaskChange(next.taskId(), next.version(), tenantId,
                next.accountId(), command.done(), next.status(), next.owner(), next.changedBy(),
                detail(command, change), next.updatedAt());
        Uni<Void> written = tasks.update(connection, tenantId, next)
                .flatMap(x -> changes.insert(connection, List.of(record)))
                .flatMap(x -> outbox.addAll(connection, List.of(OutgoingMessages.taskEvent(tenantId, next, next.updatedAt(),
                        TraceContext.current()))));
        if (Wire.parse(TaskStatus.class, next.status()).closed()) {
            return written.flatMap(x -> guards.taskClosed(connection,
                    new GuardStore.Key(tenantId, next.accountId(), next.playbookId()), next.taskId()));
        }
        return written;
    }

    private static String detail(Command command, Change c) {
        if (c == null) {
            return null;
        }
        return switch (command) {
            case COMPLETE -> c.note() == null ? c.outcome() : c.outcome() + ": " + c.note();
            case SNOOZE -> "until " + c.until();
            case REASSIGN -> "to " + c.owner();
            case DISMISS -> c.reason();
            default -> null;
        };
    }

    private void wakeRelay(Object ignored) {
        if (relay.isResolvable()) {
            relay.get().wake();
        }
    }
}
