package io.touchline.notification.api;

import java.time.Instant;
import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.touchline.notification.store.InboxEntry;
import io.touchline.web.QueryParams;
import io.touchline.web.auth.CurrentCaller;
import io.touchline.web.auth.RequiresScope;
import io.touchline.web.auth.Scope;

/**
 * In-app inboxes, scoped to the caller's tenant. Read with an ops key (a product app's backend
 * or CS ops), never with a write key: write keys ship inside browsers and mobile apps, and would
 * let anyone read any user's inbox. Per-user tokens for reading from the app itself come with
 * the notification issue.
 */
@Path("/v1/inbox")
@Produces(MediaType.APPLICATION_JSON)
@RequiresScope({ Scope.OPS, Scope.ADMIN })
public class InboxResource {

    static final int MAX_LIMIT = 500;

    /** One inbox entry. */
    public record EntryView(String id, String accountId, String title, String body, Instant createdAt, Instant readAt) {
    }

    private final CurrentCaller caller;

    public InboxResource(CurrentCaller caller) {
        this.caller = caller;
    }

    /** A user's messages, newest first. */
    @GET
    @Path("/{userId}")
    @WithSession
    public Uni<List<EntryView>> inbox(@PathParam("userId") String userId,
            @QueryParam("limit") String limitParam) {
        int limit = QueryParams.wholeNumber("limit", limitParam, 50, 1, MAX_LIMIT);
        return InboxEntry.forUser(caller.tenantId(), userId, limit)
                .map(entries -> entries.stream()
                        .map(e -> new EntryView(e.id, e.accountId, e.title, e.body, e.createdAt, e.readAt))
                        .toList());
    }
}
