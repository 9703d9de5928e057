package io.touchline.notification.api;

import java.time.Instant;
import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.touchline.notification.config.NotificationConfig;
import io.touchline.notification.domain.UserTokens;
import io.touchline.notification.store.InboxStore;
import io.touchline.web.Cursors;
import io.touchline.web.PollingStream;
import io.touchline.web.ProblemException;
import io.touchline.web.QueryParams;
import io.touchline.web.auth.CurrentCaller;
import io.touchline.web.auth.RequiresScope;
import io.touchline.web.auth.Scope;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * In-app inboxes. A product app's browser reads its user's own inbox with the per-user token
 * the tenant's backend mints ({@code /v1/inbox}, its stream, marking read); CS ops read any
 * user's with an ops key ({@code /v1/inbox/{userId}}), for support. A write key reads nothing:
 * it ships inside apps.
 */
@Path("/v1/inbox")
@Produces(MediaType.APPLICATION_JSON)
public class InboxResource {

    static final int MAX_LIMIT = 200;
    static final int STREAM_BATCH = 100;

    /**
     * One message.
     *
     * @param position its place in the user's inbox, in arrival order: the stream's event id
     */
    public record EntryView(String id, String accountId, String title, String body, Instant createdAt, Instant readAt,
            long position) {

        static EntryView of(InboxStore.Entry e) {
            return new EntryView(e.id(), e.accountId(), e.title(), e.body(), e.createdAt(), e.readAt(), e.seq());
        }
    }

    /** A page of an inbox, unread first, each part newest first; {@code next} is the following page's cursor. */
    public record InboxPage(List<EntryView> items, String next) {
    }

    private final Pool pool;
    private final InboxStore inbox;
    private final CurrentUser user;
    private final CurrentCaller caller;
    private final NotificationConfig config;

    public InboxResource(Pool pool, InboxStore inbox, CurrentUser user, CurrentCaller caller, NotificationConfig config) {
        this.pool = pool;
        this.inbox = inbox;
        this.user = user;
        this.caller = caller;
        this.config = config;
    }

    /** The token's user's inbox. */
    @GET
    @UserToken
    public Uni<InboxPage> mine(@QueryParam("cursor") String cursor, @QueryParam("limit") String limit) {
        return page(user.get().tenantId(), user.get().userId(), cursor, limit);
    }

    /** Any user's inbox, for support (ops key). */
    @GET
    @Path("/{userId}")
    @RequiresScope({ Scope.OPS, Scope.ADMIN })
    public Uni<InboxPage> ofUser(@PathParam("userId") String userId, @QueryParam("cursor") String cursor,
            @QueryParam("limit") String limit) {
        return page(caller.tenantId(), userId, cursor, limit);
    }

    /** Marks one of the token's user's messages read; 404 when it is not theirs. */
    @POST
    @Path("/{id}/read")
    @UserToken
    public Uni<EntryView> read(@PathParam("id") String id) {
        return inbox.markRead(pool, user.get().tenantId(), user.get().userId(), id)
                .map(entry -> {
                    if (entry == null) {
                        throw ProblemException.notFound("No message " + id + " in this user's inbox");
                    }
                    return EntryView.of(entry);
                });
    }

    /**
     * New messages of the token's user as Server-Sent Events ({@code message}, the id is the
     * message's position). The token may also come as {@code ?token=}, since EventSource sends no
     * headers; a client that reconnects with {@code Last-Event-ID} gets what it missed.
     */
    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @UserToken
    public Multi<OutboundSseEvent> stream(@HeaderParam("Last-Event-ID") String lastEventId, @Context Sse sse) {
        Long resumeAfter = QueryParams.optionalLong("Last-Event-ID", lastEventId);
        UserTokens.User reader = user.get();
        Uni<Long> start = resumeAfter != null ? Uni.createFrom().item(resumeAfter)
                : inbox.newest(pool, reader.tenantId(), reader.userId());
        return start.onItem().transformToMulti(position -> PollingStream.of(sse, "message", EntryView.class, position,
                config.streamPollEvery(), config.streamKeepAliveEvery(),
                (after, batch) -> inbox.after(pool, reader.tenantId(), reader.userId(), after, batch)
                        .map(entries -> entries.stream().map(EntryView::of).toList()),
                EntryView::position, STREAM_BATCH));
    }

    private Uni<InboxPage> page(String tenantId, String userId, String cursor, String limitParam) {
        int limit = QueryParams.wholeNumber("limit", limitParam, 50, 1, MAX_LIMIT);
        String[] after = Cursors.decode("cursor", cursor, 3);
        Boolean afterUnread = after == null ? null : Boolean.valueOf(after[0]);
        Instant afterCreated = after == null ? null : QueryParams.optionalInstant("cursor", after[1]);
        return inbox.page(pool, tenantId, userId, afterUnread, afterCreated, after == null ? null : after[2], limit + 1)
                .map(found -> {
                    List<EntryView> items = found.stream().limit(limit).map(EntryView::of).toList();
                    if (found.size() <= limit) {
                        return new InboxPage(items, null);
                    }
                    InboxStore.Entry last = found.get(limit - 1);
                    return new InboxPage(items, Cursors.encode(Boolean.toString(last.readAt() == null),
                            last.createdAt().toString(), last.id()));
                });
    }
}
