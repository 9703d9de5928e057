package io.touchline.notification.api;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.smallrye.mutiny.Uni;
import io.touchline.notification.domain.DeliveryStatus;
import io.touchline.notification.store.Delivery;
import io.touchline.notification.store.DeliveryStore;
import io.touchline.web.BodyFields;
import io.touchline.web.Cursors;
import io.touchline.web.ProblemException;
import io.touchline.web.QueryParams;
import io.touchline.web.auth.CurrentCaller;
import io.touchline.web.auth.RequiresScope;
import io.touchline.web.auth.Scope;
import io.vertx.mutiny.sqlclient.Pool;

/** Deliveries for CS ops: what was sent, held, suppressed or failed, and every attempt. */
@Path("/v1/deliveries")
@Produces(MediaType.APPLICATION_JSON)
@RequiresScope({ Scope.OPS, Scope.ADMIN })
public class DeliveriesResource {

    static final int MAX_LIMIT = 500;
    static final Set<String> STATUSES = Arrays.stream(DeliveryStatus.values()).map(Enum::name).collect(Collectors.toSet());
    static final Set<String> CHANNELS = Set.of("email", "webhook", "in-app");

    /**
     * A delivery.
     *
     * @param kind {@code message}, {@code task}, {@code digest-item} or {@code digest}
     * @param reason why it was SUPPRESSED or FAILED
     * @param nextAttemptAt when it is due, while PENDING and not in flight
     */
    public record DeliveryView(String id, String accountId, String kind, String channel, String recipient,
            String templateId, String title, String status, String reason, int attempts, Instant nextAttemptAt,
            String digestId, Instant requestedAt, Instant createdAt, Instant sentAt, Instant updatedAt) {

        static DeliveryView of(Delivery d) {
            return new DeliveryView(d.id(), d.accountId(), d.kind().wire(), d.channel(), d.recipient(), d.templateId(),
                    d.title(), d.status().name(), d.reason(), d.attempts(), d.nextAttemptAt(), d.digestId(),
                    d.requestedAt(), d.createdAt(), d.sentAt(), d.updatedAt());
        }
    }

    public record DeliveryPage(List<DeliveryView> items, String next) {
    }

    /** A delivery with its attempts, oldest first. */
    public record DeliveryDetail(DeliveryView delivery, List<DeliveryStore.Attempt> attempts) {
    }

    private final Pool pool;
    private final DeliveryStore deliveries;
    private final CurrentCaller caller;

    public DeliveriesResource(Pool pool, DeliveryStore deliveries, CurrentCaller caller) {
        this.pool = pool;
        this.deliveries = deliveries;
        this.caller = caller;
    }

    /** Newest first. */
    @GET
    public Uni<DeliveryPage> list(@QueryParam("accountId") String accountId, @QueryParam("status") String status,
            @QueryParam("channel") String channel, @QueryParam("cursor") String cursor,
            @QueryParam("limit") String limitParam) {
        int limit = QueryParams.wholeNumber("limit", limitParam, 50, 1, MAX_LIMIT);
        if (status != null) {
            BodyFields.oneOf("status", status, STATUSES);
        }
        if (channel != null) {
            BodyFields.oneOf("channel", channel, CHANNELS);
        }
        String[] after = Cursors.decode("cursor", cursor, 2);
        Instant afterCreated = after == null ? null : QueryParams.optionalInstant("cursor", after[0]);
        return deliveries.page(pool, caller.tenantId(), new DeliveryStore.Filter(accountId, status, channel), afterCreated,
                after == null ? null : after[1], limit + 1)
                .map(found -> {
                    List<DeliveryView> items = found.stream().limit(limit).map(DeliveryView::of).toList();
                    if (found.size() <= limit) {
                        return new DeliveryPage(items, null);
                    }
                    Delivery last = found.get(limit - 1);
                    return new DeliveryPage(items, Cursors.encode(last.createdAt().toString(), last.id()));
                });
    }

    @GET
    @Path("/{id}")
    public Uni<DeliveryDetail> get(@PathParam("id") String id) {
        String tenantId = caller.tenantId();
        return deliveries.get(pool, tenantId, id).flatMap(delivery -> {
            if (delivery == null) {
                throw ProblemException.notFound("No delivery " + id);
            }
            return deliveries.attempts(pool, tenantId, id)
                    .map(attempts -> new DeliveryDetail(DeliveryView.of(delivery), attempts));
        });
    }
}
