package io.touchline.playbook.api;

import java.time.Instant;
import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.touchline.playbook.store.CsmTask;
import io.touchline.web.QueryParams;
import io.touchline.web.auth.CurrentCaller;
import io.touchline.web.auth.RequiresScope;
import io.touchline.web.auth.Scope;

/** CSM tasks for CS ops, scoped to the caller's tenant. */
@Path("/v1/tasks")
@Produces(MediaType.APPLICATION_JSON)
@RequiresScope({ Scope.OPS, Scope.ADMIN })
public class TasksResource {

    static final int MAX_LIMIT = 500;

    /** One task as CS ops see it. */
    public record TaskView(String id, String accountId, String title, String status, String priority,
            String signalType, String signalId, Instant dueAt, Instant createdAt) {
    }

    private final CurrentCaller caller;

    public TasksResource(CurrentCaller caller) {
        this.caller = caller;
    }

    /** Newest first, optionally for one account or in one status. */
    @GET
    @WithSession
    public Uni<List<TaskView>> list(@QueryParam("accountId") String accountId, @QueryParam("status") String status,
            @QueryParam("limit") String limitParam) {
        int limit = QueryParams.wholeNumber("limit", limitParam, 100, 1, MAX_LIMIT);
        return CsmTask.listForTenant(caller.tenantId(), accountId, status, limit)
                .map(tasks -> tasks.stream()
                        .map(t -> new TaskView(t.id, t.accountId, t.title, t.status, t.priority, t.signalType,
                                t.signalId, t.dueAt, t.createdAt))
                        .toList());
    }
}
