package io.touchline.playbook.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import io.smallrye.mutiny.Uni;
import io.touchline.messaging.contract.CsTask;
import io.touchline.messaging.contract.HealthSignal;
import io.touchline.playbook.application.TaskActions;
import io.touchline.playbook.domain.Priority;
import io.touchline.playbook.domain.TaskStatus;
import io.touchline.playbook.domain.TaskTransitions.Command;
import io.touchline.playbook.domain.Wire;
import io.touchline.playbook.store.TaskStore;
import io.touchline.web.BodyFields;
import io.touchline.web.Cursors;
import io.touchline.web.ETags;
import io.touchline.web.ProblemException;
import io.touchline.web.QueryParams;
import io.touchline.web.StrictJson;
import io.touchline.web.auth.CurrentCaller;
import io.touchline.web.auth.RequiresScope;
import io.touchline.web.auth.Scope;

/**
 * CSM tasks for CS ops, scoped to the caller's tenant: a worklist in due-date order, and the
 * changes a CSM makes. Every change names the version it was made on ({@code If-Match} with the
 * task's ETag), so two people working one task never overwrite each other.
 */
@Path("/v1/tasks")
@Produces(MediaType.APPLICATION_JSON)
@RequiresScope({ Scope.OPS, Scope.ADMIN })
public class TasksResource {

    static final int MAX_LIMIT = 500;
    static final int MAX_TEXT = 1000;
    static final int MAX_NAME = 200;
    static final Duration MAX_SNOOZE = Duration.ofDays(365);
    static final Set<String> STATUSES = Wire.names(TaskStatus.class);
    static final Set<String> PRIORITIES = Wire.names(Priority.class);

    /** A page of tasks; {@code next} is the cursor of the following page, null on the last. */
    public record TaskPage(List<CsTask> items, String next) {
    }

    /** Who acknowledges, optionally. */
    public record AcknowledgeRequest(String by) {
    }

    public record CompleteRequest(String outcome, String note, String by) {
    }

    public record SnoozeRequest(Instant until, String by) {
    }

    public record ReassignRequest(String owner, String by) {
    }

    public record DismissRequest(String reason, String by) {
    }

    private final CurrentCaller caller;
    private final TaskStore tasks;
    private final TaskActions actions;

    public TasksResource(CurrentCaller caller, TaskStore tasks, TaskActions actions) {
        this.caller = caller;
        this.tasks = tasks;
        this.actions = actions;
    }

    /** The worklist: by due date, then id; every filter optional; a page at a time. */
    @GET
    public Uni<TaskPage> list(@QueryParam("owner") String owner, @QueryParam("tier") String tier,
            @QueryParam("priority") String priority, @QueryParam("status") List<String> status,
            @QueryParam("dueBefore") String dueBefore, @QueryParam("dueAfter") String dueAfter,
            @QueryParam("accountId") String accountId, @QueryParam("playbookId") String playbookId,
            @QueryParam("cursor") String cursor, @QueryParam("limit") String limitParam) {
        int limit = QueryParams.wholeNumber("limit", limitParam, 50, 1, MAX_LIMIT);
        if (tier != null) {
            BodyFields.oneOf("tier", tier, HealthSignal.TIERS);
        }
        if (priority != null) {
            BodyFields.oneOf("priority", priority, PRIORITIES);
        }
        TaskStore.Filter filter = new TaskStore.Filter(owner, tier, priority, QueryParams.oneOfEach("status", status, STATUSES),
                QueryParams.optionalInstant("dueBefore", dueBefore), QueryParams.optionalInstant("dueAfter", dueAfter),
                accountId, playbookId);
        String[] after = Cursors.decode("cursor", cursor, 2);
        TaskStore.After start = after == null ? null : new TaskStore.After(instant(after[0]), after[1]);
        return tasks.page(caller.tenantId(), filter, start, limit + 1).map(found -> {
            if (found.size() <= limit) {
                return new TaskPage(found, null);
            }
            CsTask last = found.get(limit - 1);
            return new TaskPage(found.subList(0, limit), Cursors.encode(last.dueAt().toString(), last.taskId()));
        });
    }

    /** One task, with its version as the ETag. */
    @GET
    @Path("/{taskId}")
    public Uni<Response> get(@PathParam("taskId") String taskId) {
        return tasks.find(caller.tenantId(), taskId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("No task '" + taskId + "' in this tenant"))
                .map(TasksResource::withETag);
    }

    @POST
    @Path("/{taskId}/acknowledge")
    @Consumes(MediaType.APPLICATION_JSON)
    @CustomDeserialization(StrictJson.class)
    public Uni<Response> acknowledge(@PathParam("taskId") String taskId, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            AcknowledgeRequest request) {
        String by = request == null ? null : BodyFields.optionalText("by", request.by(), MAX_NAME);
        return change(taskId, ifMatch, Command.ACKNOWLEDGE, new TaskActions.Change(by, null, null, null, null, null));
    }

    @POST
    @Path("/{taskId}/complete")
    @Consumes(MediaType.APPLICATION_JSON)
    @CustomDeserialization(StrictJson.class)
    public Uni<Response> complete(@PathParam("taskId") String taskId, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            CompleteRequest request) {
        CompleteRequest r = BodyFields.body(request, "outcome");
        return change(taskId, ifMatch, Command.COMPLETE, new TaskActions.Change(
                BodyFields.optionalText("by", r.by(), MAX_NAME), BodyFields.requiredText("outcome", r.outcome(), MAX_NAME),
                BodyFields.optionalText("note", r.note(), MAX_TEXT), null, null, null));
    }

    @POST
    @Path("/{taskId}/snooze")
    @Consumes(MediaType.APPLICATION_JSON)
    @CustomDeserialization(StrictJson.class)
    public Uni<Response> snooze(@PathParam("taskId") String taskId, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            SnoozeRequest request) {
        SnoozeRequest r = BodyFields.body(request, "until");
        Instant now = Instant.now();
        if (r.until() == null || !r.until().isAfter(now)) {
            throw ProblemException.invalidField("until", "future", "must be an ISO-8601 instant in the future");
        }
        if (r.until().isAfter(now.plus(MAX_SNOOZE))) {
            throw ProblemException.invalidField("until", "range", "must be at most a year ahead");
        }
        return change(taskId, ifMatch, Command.SNOOZE,
                new TaskActions.Change(BodyFields.optionalText("by", r.by(), MAX_NAME), null, null, r.until(), null, null));
    }

    @POST
    @Path("/{taskId}/reassign")
    @Consumes(MediaType.APPLICATION_JSON)
    @CustomDeserialization(StrictJson.class)
    public Uni<Response> reassign(@PathParam("taskId") String taskId, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            ReassignRequest request) {
        ReassignRequest r = BodyFields.body(request, "owner");
        return change(taskId, ifMatch, Command.REASSIGN, new TaskActions.Change(
                BodyFields.optionalText("by", r.by(), MAX_NAME), null, null, null,
                BodyFields.requiredText("owner", r.owner(), MAX_NAME).trim(), null));
    }

    @POST
    @Path("/{taskId}/dismiss")
    @Consumes(MediaType.APPLICATION_JSON)
    @CustomDeserialization(StrictJson.class)
    public Uni<Response> dismiss(@PathParam("taskId") String taskId, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            DismissRequest request) {
        DismissRequest r = BodyFields.body(request, "reason");
        return change(taskId, ifMatch, Command.DISMISS, new TaskActions.Change(
                BodyFields.optionalText("by", r.by(), MAX_NAME), null, null, null, null,
                BodyFields.requiredText("reason", r.reason(), MAX_TEXT)));
    }

    private Uni<Response> change(String taskId, String ifMatch, Command command, TaskActions.Change change) {
        return actions.apply(caller.tenantId(), taskId, ifMatch, command, change).map(TasksResource::withETag);
    }

    private static Response withETag(CsTask task) {
        return Response.ok(task).header(HttpHeaders.ETAG, ETags.of(task.version())).build();
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            throw ProblemException.invalidField("cursor", "cursor", "must be a cursor from a previous page's 'next'");
        }
    }
}
