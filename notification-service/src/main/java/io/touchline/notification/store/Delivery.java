package io.touchline.notification.store;

import java.time.Instant;

import io.touchline.messaging.Sql;
import io.touchline.notification.domain.DeliveryKind;
import io.touchline.notification.domain.DeliveryStatus;
import io.vertx.mutiny.sqlclient.Row;

/**
 * One request to deliver, as stored.
 *
 * @param id the request's id, its idempotency key
 * @param channel {@code email}, {@code webhook} or {@code in-app}
 * @param recipient an email address, a user id, or null for a tenant's webhook
 * @param priority a task's priority, for task notifications
 * @param request the request's envelope as JSON, as it came; a digest's list of tasks
 * @param attempts attempts started so far
 * @param nextAttemptAt when it is due next, while PENDING and not in flight
 * @param digestId the digest a digest item went out in
 * @param requestedAt when the request was published (the latency's start)
 * @param traceParent the W3C trace context of the request, passed on to the webhook; null when not traced
 */
public record Delivery(String tenantId, String id, String accountId, DeliveryKind kind, String channel,
        String recipient, String templateId, String title, String body, String priority, String request,
        DeliveryStatus status, String reason, int attempts, Instant nextAttemptAt, String digestId, Instant requestedAt,
        Instant createdAt, Instant sentAt, Instant updatedAt, String traceParent) {

    /** A new request's delivery: PENDING, due at {@code due}. */
    public static Delivery pending(String tenantId, String id, String accountId, DeliveryKind kind, String channel,
            String recipient, String templateId, String title, String body, String priority, String request,
            Instant due, Instant requestedAt, String traceParent) {
        Instant now = Instant.now();
        return new Delivery(tenantId, id, accountId, kind, channel, recipient, templateId, title, body, priority, request,
                DeliveryStatus.PENDING, null, 0, due, null, requestedAt, now, null, now, traceParent);
    }

    /** The same delivery settled without an attempt: SENT (in-app), SUPPRESSED or FAILED, with the reason. */
    public Delivery settled(DeliveryStatus newStatus, String newReason) {
        Instant now = Instant.now();
        return new Delivery(tenantId, id, accountId, kind, channel, recipient, templateId, title, body, priority, request,
                newStatus, newReason, attempts, null, digestId, requestedAt, createdAt,
                newStatus == DeliveryStatus.SENT ? now : null, now, traceParent);
    }

    static Delivery read(Row row) {
        return new Delivery(row.getString("tenant_id"), row.getString("id"), row.getString("account_id"),
                kind(row.getString("kind")), row.getString("channel"), row.getString("recipient"),
                row.getString("template_id"), row.getString("title"), row.getString("body"), row.getString("priority"),
                row.getString("request"), DeliveryStatus.valueOf(row.getString("status")),
                row.getString("reason"), row.getInteger("attempts"), Sql.instant(row, "next_attempt_at"),
                row.getString("digest_id"), Sql.instant(row, "requested_at"), Sql.instant(row, "created_at"),
                Sql.instant(row, "sent_at"), Sql.instant(row, "updated_at"), row.getString("trace_parent"));
    }

    private static DeliveryKind kind(String wire) {
        for (DeliveryKind kind : DeliveryKind.values()) {
            if (kind.wire().equals(wire)) {
                return kind;
            }
        }
        throw new IllegalStateException("unknown delivery kind " + wire);
    }
}
