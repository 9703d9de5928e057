package io.touchline.notification.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.touchline.messaging.Sql;
import io.touchline.notification.domain.DeliveryKind;
import io.touchline.notification.domain.DeliveryStatus;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/** Deliveries and their attempts. */
@ApplicationScoped
public class DeliveryStore {

    /**
     * One attempt: {@code outcome} is {@code in-flight}, {@code sent}, {@code transient}, {@code permanent} or {@code unknown}.
     */
    public record Attempt(int attempt, Instant startedAt, Instant finishedAt, String outcome, String detail) {
    }

    /** An attempt of a process that died mid-send. */
    public record Stale(String tenantId, String deliveryId, int attempt) {
    }

    /** Filters of the deliveries list; null means any. */
    public record Filter(String accountId, String status, String channel) {
    }

    public static final String IN_FLIGHT = "in-flight";
    public static final String UNKNOWN = "unknown";

    /** Adds the delivery unless one of its id exists (a redelivered request); true when added. */
    public Uni<Boolean> insert(SqlConnection connection, Delivery d) {
        return connection.preparedQuery("""
                insert into delivery (tenant_id, id, account_id, kind, channel, recipient, template_id, title, body,
                    priority, request, status, reason, attempts, next_attempt_at, digest_id, requested_at, created_at,
                    sent_at, updated_at, trace_parent)
                values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)
                on conflict do nothing returning id""")
                .execute(Tuple.from(new Object[] { d.tenantId(), d.id(), d.accountId(), d.kind().wire(), d.channel(),
                        d.recipient(), d.templateId(), d.title(), d.body(), d.priority(), d.request(), d.status().name(),
                        d.reason(), d.attempts(), Sql.time(d.nextAttemptAt()), d.digestId(), Sql.time(d.requestedAt()),
                        Sql.time(d.createdAt()), Sql.time(d.sentAt()), Sql.time(d.updatedAt()), d.traceParent() }))
                .map(rows -> rows.size() == 1);
    }

    /**
     * Locks up to {@code limit} deliveries due at {@code now} (digest items wait for their
     * digest); other workers skip them.
     */
    public Uni<List<Delivery>> lockDue(SqlConnection connection, Instant now, int limit) {
        return connection.preparedQuery("""
                select * from delivery where status = 'PENDING' and next_attempt_at <= $1 and kind <> 'digest-item'
                order by next_attempt_at limit $2 for update skip locked""")
                .execute(Tuple.of(Sql.time(now), limit))
                .map(rows -> Sql.list(rows, Delivery::read));
    }

    /** Locks the digest items due at {@code now} that are in no digest yet. */
    public Uni<List<Delivery>> lockDueDigestItems(SqlConnection connection, Instant now, int limit) {
        return connection.preparedQuery("""
                select * from delivery where status = 'PENDING' and next_attempt_at <= $1 and kind = 'digest-item'
                    and digest_id is null
                order by tenant_id, recipient, created_at limit $2 for update skip locked""")
                .execute(Tuple.of(Sql.time(now), limit))
                .map(rows -> Sql.list(rows, Delivery::read));
    }

    /** Puts digest items into their digest; they settle with it. */
    public Uni<Void> joinDigest(SqlConnection connection, String tenantId, List<String> itemIds, String digestId) {
        return connection
                .preparedQuery("update delivery set digest_id = $3, updated_at = now() where tenant_id = $1 and id = any($2)")
                .execute(Tuple.of(tenantId, itemIds.toArray(new String[0]), digestId))
                .replaceWithVoid();
    }

    /** The items of a digest, oldest first. */
    public Uni<List<Delivery>> digestItems(SqlClient client, String tenantId, String digestId) {
        return client.preparedQuery("select * from delivery where tenant_id = $1 and digest_id = $2 order by created_at, id")
                .execute(Tuple.of(tenantId, digestId))
                .map(rows -> Sql.list(rows, Delivery::read));
    }

    /** Holds a delivery until {@code until} (quiet hours, a retry's back-off). */
    public Uni<Void> holdUntil(SqlConnection connection, Delivery d, Instant until) {
        return connection.preparedQuery("""
                update delivery set next_attempt_at = $3, updated_at = now() where tenant_id = $1 and id = $2""")
                .execute(Tuple.of(d.tenantId(), d.id(), Sql.time(until)))
                .replaceWithVoid();
    }

    /**
     * Settles a delivery, and the digest items of a digest with it: SENT, FAILED or SUPPRESSED,
     * with the reason.
     */
    public Uni<Void> settle(SqlConnection connection, Delivery d, DeliveryStatus status, String reason) {
        Tuple args = Tuple.of(d.tenantId(), d.id(), status.name(), reason);
        return connection.preparedQuery("""
                update delivery set status = $3, reason = $4, next_attempt_at = null,
                    sent_at = case when $3 = 'SENT' then now() end, updated_at = now()
                where tenant_id = $1 and id = $2""")
                .execute(args)
                .flatMap(x -> d.kind() != DeliveryKind.DIGEST ? Uni.createFrom().voidItem()
                        : connection.preparedQuery("""
                                update delivery set status = $3, reason = $4, next_attempt_at = null,
                                    sent_at = case when $3 = 'SENT' then now() end, updated_at = now()
                                where tenant_id = $1 and digest_id = $2""")
                                .execute(args).replaceWithVoid());
    }

    /**
     * Records an attempt as started, before anything is sent, and takes the delivery off the
     * due list while it is in flight; returns the attempt's number.
     */
    public Uni<Integer> startAttempt(SqlConnection connection, Delivery d) {
        int attempt = d.attempts() + 1;
        return connection.preparedQuery("""
                update delivery set attempts = $3, next_attempt_at = null, updated_at = now()
                where tenant_id = $1 and id = $2""")
                .execute(Tuple.of(d.tenantId(), d.id(), attempt))
                .flatMap(x -> connection.preparedQuery("""
                        insert into delivery_attempt (tenant_id, delivery_id, attempt, started_at, outcome)
                        values ($1, $2, $3, now(), 'in-flight')""")
                        .execute(Tuple.of(d.tenantId(), d.id(), attempt)))
                .replaceWith(attempt);
    }

    /** Records how an attempt ended; false when it was no longer in flight (the reconciler got there first). */
    public Uni<Boolean> finishAttempt(SqlConnection connection, String tenantId, String deliveryId, int attempt,
            String outcome, String detail) {
        return connection.preparedQuery("""
                update delivery_attempt set finished_at = now(), outcome = $4, detail = $5
                where tenant_id = $1 and delivery_id = $2 and attempt = $3 and outcome = 'in-flight' returning attempt""")
                .execute(Tuple.of(tenantId, deliveryId, attempt, outcome, detail))
                .map(rows -> rows.size() == 1);
    }

    /** Locks the attempts that started before {@code before} and never finished. */
    public Uni<List<Stale>> lockStale(SqlConnection connection, Instant before, int limit) {
        return connection.preparedQuery("""
                select tenant_id, delivery_id, attempt from delivery_attempt
                where outcome = 'in-flight' and started_at < $1 limit $2 for update skip locked""")
                .execute(Tuple.of(Sql.time(before), limit))
                .map(rows -> Sql.list(rows, row -> new Stale(row.getString(0), row.getString(1), row.getInteger(2))));
    }

    public Uni<Delivery> lock(SqlConnection connection, String tenantId, String id) {
        return connection.preparedQuery("select * from delivery where tenant_id = $1 and id = $2 for update")
                .execute(Tuple.of(tenantId, id))
                .map(rows -> rows.size() == 0 ? null : Delivery.read(rows.iterator().next()));
    }

    /**
     * Tech-touch messages sent to a recipient on a channel since {@code since}, or in flight to
     * them now, for the cap. An advisory lock on the recipient, held to commit, keeps two workers
     * from both finding room for one more.
     */
    public Uni<Integer> sentSince(SqlConnection connection, String tenantId, String recipient, String channel,
            Instant since) {
        return connection.preparedQuery("select pg_advisory_xact_lock(hashtextextended($1, 0))")
                .execute(Tuple.of("cap\n" + tenantId + "\n" + channel + "\n" + recipient))
                .flatMap(x -> connection.preparedQuery("""
                        select count(*) from delivery where tenant_id = $1 and recipient = $2 and channel = $3
                            and kind = 'message' and (status = 'SENT' and sent_at > $4
                                or status = 'PENDING' and attempts > 0 and next_attempt_at is null)""")
                        .execute(Tuple.of(tenantId, recipient, channel, Sql.time(since))))
                .map(rows -> rows.iterator().next().getLong(0).intValue());
    }

    /** Deliveries waiting for another attempt after a failed one. */
    public Uni<Long> retryBacklog(SqlClient client) {
        return client.preparedQuery("select count(*) from delivery where status = 'PENDING' and attempts > 0")
                .execute()
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** A page, newest first, after the cursor's (createdAt, id) when there is one. */
    public Uni<List<Delivery>> page(SqlClient client, String tenantId, Filter filter, Instant afterCreated,
            String afterId, int limit) {
        return client.preparedQuery("""
                select * from delivery where tenant_id = $1
                    and ($2::text is null or account_id = $2) and ($3::text is null or status = $3)
                    and ($4::text is null or channel = $4)
                    and ($5::timestamptz is null or (created_at, id) < ($5, $6))
                order by created_at desc, id desc limit $7""")
                .execute(Tuple.from(new Object[] { tenantId, filter.accountId(), filter.status(), filter.channel(),
                        Sql.time(afterCreated), afterId, limit }))
                .map(rows -> Sql.list(rows, Delivery::read));
    }

    public Uni<Delivery> get(SqlClient client, String tenantId, String id) {
        return client.preparedQuery("select * from delivery where tenant_id = $1 and id = $2")
                .execute(Tuple.of(tenantId, id))
                .map(rows -> rows.size() == 0 ? null : Delivery.read(rows.iterator().next()));
    }

    public Uni<List<Attempt>> attempts(SqlClient client, String tenantId, String id) {
        return client.preparedQuery("""
                select * from delivery_attempt where tenant_id = $1 and delivery_id = $2 order by attempt""")
                .execute(Tuple.of(tenantId, id))
                .map(rows -> {
                    List<Attempt> result = new ArrayList<>(rows.size());
                    rows.forEach(row -> result.add(new Attempt(row.getInteger("attempt"), Sql.instant(row, "started_at"),
                            Sql.instant(row, "finished_at"), row.getString("outcome"), row.getString("detail"))));
                    return result;
                });
    }
}
