package io.touchline.notification.application;

import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.touchline.messaging.Envelope;
import io.touchline.messaging.PoisonMessageException;
import io.touchline.messaging.contract.CsTask;
import io.touchline.messaging.contract.TouchMessage;
import io.touchline.notification.domain.DeliveryKind;
import io.touchline.notification.domain.DeliveryStatus;
import io.touchline.notification.domain.DigestSchedule;
import io.touchline.notification.domain.Suppression;
import io.touchline.notification.domain.TenantChannels;
import io.touchline.notification.store.Delivery;
import io.touchline.notification.store.DeliveryStore;
import io.touchline.notification.store.InboxStore;
import io.touchline.notification.store.OptOutStore;
import io.touchline.notification.store.TenantStore;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Turns requests into deliveries, in the consumer's transaction. The request's id is the
 * delivery's: a redelivered or replayed request finds its delivery and adds nothing. In-app
 * messages are delivered here, in the same transaction; email and webhook deliveries wait for
 * {@link DeliveryWorker}.
 */
@ApplicationScoped
public class DeliveryRequests {

    /** Loose on purpose: the mail server has the last word; this only tells an address from a name. */
    private static final Pattern EMAIL = Pattern.compile("[^@\\s<>,;]+@[^@\\s<>,;]+");
    public static final String TASK_PREFIX = "task:";
    public static final String INVALID_ADDRESS = "invalid-address";

    private final TenantStore tenants;
    private final DeliveryStore deliveries;
    private final OptOutStore optOuts;
    private final InboxStore inbox;
    private final NotificationMetrics metrics;
    private final DeadLetterQueue deadLetters;

    public DeliveryRequests(TenantStore tenants, DeliveryStore deliveries, OptOutStore optOuts, InboxStore inbox,
            NotificationMetrics metrics, DeadLetterQueue deadLetters) {
        this.tenants = tenants;
        this.deliveries = deliveries;
        this.optOuts = optOuts;
        this.inbox = inbox;
        this.metrics = metrics;
        this.deadLetters = deadLetters;
    }

    /** A touch message of a playbook; true when it was new, false for a redelivery. */
    public Uni<Boolean> message(SqlConnection connection, Envelope envelope, String json, TouchMessage message,
            String traceParent) {
        String channel = message.channel();
        String recipient = switch (channel) {
            case TouchMessage.IN_APP -> message.recipientUserId() != null ? message.recipientUserId() : message.recipient();
            case TouchMessage.EMAIL -> email(message.recipient());
            case TouchMessage.WEBHOOK -> null;
            default -> throw new PoisonMessageException("channel must be in-app, email or webhook, was " + channel);
        };
        Delivery pending = Delivery.pending(envelope.tenantId(), envelope.id(), envelope.accountId(), DeliveryKind.MESSAGE,
                channel, recipient, message.templateId(), message.title(), message.body(), null, json, Instant.now(),
                envelope.publishTime(), traceParent);
        return tenants.ensure(connection, envelope.tenantId()).flatMap(tenant -> {
            if (!TouchMessage.WEBHOOK.equals(channel) && blank(recipient)) {
                return settle(connection, pending.settled(DeliveryStatus.SUPPRESSED, Suppression.NO_RECIPIENT.reason()));
            }
            if (TouchMessage.EMAIL.equals(channel) && !EMAIL.matcher(recipient).matches()) {
                return settle(connection, pending.settled(DeliveryStatus.FAILED, INVALID_ADDRESS));
            }
            if (!TouchMessage.IN_APP.equals(channel)) {
                return deliveries.insert(connection, pending);
            }
            return optOuts.optedOut(connection, envelope.tenantId(), recipient, channel).flatMap(optedOut -> optedOut
                    ? settle(connection, pending.settled(DeliveryStatus.SUPPRESSED, Suppression.OPT_OUT.reason()))
                    : settle(connection, pending.settled(DeliveryStatus.SENT, null))
                            .call(added -> added ? inbox.add(connection, envelope.tenantId(), envelope.accountId(),
                                    recipient, envelope.id(), message.title(), message.body())
                                    : Uni.createFrom().voidItem()));
        });
    }

    /**
     * A task event: a new task is told to its owner, at once when its priority is high, else in
     * the owner's next daily digest. Updates and completions tell nobody. True when it was new.
     */
    public Uni<Boolean> task(SqlConnection connection, Envelope envelope, String json, CsTask task, String traceParent) {
        if (task.version() != 1) {
            return Uni.createFrom().item(true);
        }
        Instant now = Instant.now();
        return tenants.ensure(connection, envelope.tenantId()).flatMap(tenant -> {
            TenantChannels channels = tenant.channels();
            boolean byEmail = TenantChannels.EMAIL.equals(channels.csmChannel());
            boolean atOnce = "high".equals(task.priority());
            String recipient = byEmail ? email(task.owner()) : task.owner();
            Delivery pending = Delivery.pending(envelope.tenantId(), TASK_PREFIX + task.taskId(), task.accountId(),
                    atOnce ? DeliveryKind.TASK : DeliveryKind.DIGEST_ITEM,
                    byEmail ? TenantChannels.EMAIL : TenantChannels.WEBHOOK, recipient, null, task.title(), null,
                    task.priority(), json,
                    atOnce ? now : DigestSchedule.next(now, channels.timeZone(), channels.digestHour()),
                    envelope.publishTime(), traceParent);
            if (byEmail && blank(recipient)) {
                return settle(connection, pending.settled(DeliveryStatus.SUPPRESSED, Suppression.NO_RECIPIENT.reason()));
            }
            if (byEmail && !EMAIL.matcher(recipient).matches()) {
                return settle(connection,
                        pending.settled(DeliveryStatus.SUPPRESSED, Suppression.OWNER_NOT_AN_ADDRESS.reason()));
            }
            return deliveries.insert(connection, pending);
        });
    }

    /** Adds a delivery settled on arrival; counts and dead-letters it only the first time. True when added. */
    private Uni<Boolean> settle(SqlConnection connection, Delivery delivery) {
        return deliveries.insert(connection, delivery).call(added -> {
            if (!added) {
                return Uni.createFrom().voidItem();
            }
            metrics.settled(delivery, delivery.status(), delivery.reason());
            return delivery.status() == DeliveryStatus.FAILED ? deadLetters.add(connection, delivery)
                    : Uni.createFrom().voidItem();
        });
    }

    /** Email addresses compare without case: opt-outs and caps match however an address was written. */
    static String email(String address) {
        return address == null ? null : address.trim().toLowerCase(Locale.ROOT);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
