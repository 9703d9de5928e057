package io.touchline.playbook.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.smallrye.mutiny.Uni;
import io.touchline.playbook.application.AccountTimeline;
import io.touchline.web.ProblemException;
import io.touchline.web.QueryParams;
import io.touchline.web.auth.CurrentCaller;
import io.touchline.web.auth.RequiresScope;
import io.touchline.web.auth.Scope;

/** One account's signals, tasks and message requests in time order. */
@Path("/v1/accounts/{accountId}/timeline")
@Produces(MediaType.APPLICATION_JSON)
@RequiresScope({ Scope.OPS, Scope.ADMIN })
public class TimelineResource {

    static final int MAX_LIMIT = 1000;
    static final Duration DEFAULT_SPAN = Duration.ofDays(90);

    private final CurrentCaller caller;
    private final AccountTimeline timeline;

    public TimelineResource(CurrentCaller caller, AccountTimeline timeline) {
        this.caller = caller;
        this.timeline = timeline;
    }

    /** Entries from {@code from} (default: 90 days ago) until {@code to} (default: now), oldest first. */
    @GET
    public Uni<List<AccountTimeline.Entry>> of(@PathParam("accountId") String accountId, @QueryParam("from") String fromParam,
            @QueryParam("to") String toParam, @QueryParam("limit") String limitParam) {
        int limit = QueryParams.wholeNumber("limit", limitParam, 200, 1, MAX_LIMIT);
        Instant now = Instant.now();
        Instant to = QueryParams.optionalInstant("to", toParam);
        Instant from = QueryParams.optionalInstant("from", fromParam);
        to = to == null ? now.plusSeconds(1) : to;
        from = from == null ? to.minus(DEFAULT_SPAN) : from;
        if (!from.isBefore(to)) {
            throw ProblemException.invalidField("from", "order", "must be before 'to'");
        }
        return timeline.of(caller.tenantId(), accountId, from, to, limit);
    }
}
