package io.touchline.playbook.api;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.touchline.messaging.contract.HealthSignal;
import io.touchline.playbook.application.AlertFeed;
import io.touchline.playbook.config.PlaybookConfig;
import io.touchline.playbook.store.SignalStore;
import io.touchline.web.BodyFields;
import io.touchline.web.Cursors;
import io.touchline.web.PollingStream;
import io.touchline.web.QueryParams;
import io.touchline.web.auth.CurrentCaller;
import io.touchline.web.auth.RequiresScope;
import io.touchline.web.auth.Scope;

/**
 * The alerts feed for CS ops: recent signals with the actions they caused or the reasons those
 * were suppressed; and the same live, as Server-Sent Events a client resumes with
 * {@code Last-Event-ID}.
 */
@Path("/v1/alerts")
@RequiresScope({ Scope.OPS, Scope.ADMIN })
public class AlertsResource {

    static final int MAX_LIMIT = 500;
    static final int STREAM_BATCH = 100;

    /** A page of alerts, newest first; {@code next} is the cursor of the following (older) page. */
    public record AlertPage(List<AlertFeed.Alert> items, String next) {
    }

    private final CurrentCaller caller;
    private final AlertFeed feed;
    private final PlaybookConfig config;

    public AlertsResource(CurrentCaller caller, AlertFeed feed, PlaybookConfig config) {
        this.caller = caller;
        this.feed = feed;
        this.config = config;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<AlertPage> list(@QueryParam("accountId") String accountId, @QueryParam("type") String type,
            @QueryParam("tier") String tier, @QueryParam("band") String band, @QueryParam("cursor") String cursor,
            @QueryParam("limit") String limitParam) {
        int limit = QueryParams.wholeNumber("limit", limitParam, 50, 1, MAX_LIMIT);
        if (type != null) {
            BodyFields.oneOf("type", type, HealthSignal.TYPES);
        }
        if (tier != null) {
            BodyFields.oneOf("tier", tier, HealthSignal.TIERS);
        }
        if (band != null) {
            BodyFields.oneOf("band", band, HealthSignal.BANDS);
        }
        String[] before = Cursors.decode("cursor", cursor, 1);
        Long position = before == null ? null : QueryParams.optionalLong("cursor", before[0]);
        return feed.page(caller.tenantId(), new SignalStore.FeedFilter(accountId, type, tier, band), position, limit + 1)
                .map(found -> found.size() <= limit ? new AlertPage(found, null)
                        : new AlertPage(found.subList(0, limit),
                                Cursors.encode(Long.toString(found.get(limit - 1).position()))));
    }

    /**
     * New alerts as they come, oldest first, each an {@code alert} event whose id is its position.
     * A client that reconnects with {@code Last-Event-ID} (browsers' EventSource does) gets every
     * alert after that one; without it, the stream starts with the next alert.
     */
    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> stream(@HeaderParam("Last-Event-ID") String lastEventId, @Context Sse sse) {
        String tenantId = caller.tenantId();
        Long resumeAfter = QueryParams.optionalLong("Last-Event-ID", lastEventId);
        Uni<Long> start = resumeAfter != null ? Uni.createFrom().item(resumeAfter) : feed.newest(tenantId);
        return start.onItem().transformToMulti(position -> PollingStream.of(sse, "alert", AlertFeed.Alert.class, position,
                config.streamPollEvery(), config.streamKeepAliveEvery(),
                (after, batch) -> feed.after(tenantId, after, batch), AlertFeed.Alert::position, STREAM_BATCH));
    }
}
