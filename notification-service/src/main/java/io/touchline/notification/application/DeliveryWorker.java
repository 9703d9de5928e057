package io.touchline.notification.application;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.touchline.messaging.Polls;
import io.touchline.messaging.contract.TouchMessage;
import io.touchline.messaging.outbox.OutboxRelay;
import io.touchline.notification.config.NotificationConfig;
import io.touchline.notification.domain.Backoff;
import io.touchline.notification.domain.DeliveryKind;
import io.touchline.notification.domain.DeliveryStatus;
import io.touchline.notification.domain.SendOutcome;
import io.touchline.notification.domain.Suppression;
import io.touchline.notification.domain.TenantChannels;
import io.touchline.notification.store.Delivery;
import io.touchline.notification.store.DeliveryStore;
import io.touchline.notification.store.OptOutStore;
import io.touchline.notification.store.TenantStore;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Delivers what is due, every {@code touchline.notification.work-every}:
 * <ol>
 * <li>attempts left in flight by a process that died mid-send are marked unknown and their
 * deliveries FAILED (at most once: never sent again by itself);</li>
 * <li>new tasks whose digest time came are gathered into one digest per owner;</li>
 * <li>due deliveries are locked and passed through the guard rails (opt-out, quiet hours, the
 * cap); each that passes is rendered and its attempt recorded as in flight, and only after that
 * commit is it sent;</li>
 * <li>each send's outcome is recorded in its own transaction: SENT, another attempt after a
 * back-off with jitter, or FAILED (and dead-lettered).</li>
 * </ol>
 * Sends run side by side, up to {@code batch}; a slow receiver holds only its own delivery.
 */
@ApplicationScoped
public class DeliveryWorker {

    private static final Logger LOG = Logger.getLogger(DeliveryWorker.class);
    static final String OUTCOME_UNKNOWN = "outcome-unknown";
    static final String RETRIES_EXHAUSTED = "retries-exhausted";
    static final String PERMANENT_FAILURE = "permanent-failure";
    static final String NOT_RENDERABLE = "not-renderable";
    private static final int DIGEST_ITEMS_PER_RUN = 1000;

    /** A delivery that passed the guard rails, its attempt recorded. */
    private record Started(Delivery delivery, int attempt, Rendering.Rendered rendered) {
    }

    private final Pool pool;
    private final TenantStore tenants;
    private final DeliveryStore deliveries;
    private final OptOutStore optOuts;
    private final Rendering rendering;
    private final EmailSender email;
    private final WebhookSender webhooks;
    private final DeadLetterQueue deadLetters;
    private final NotificationMetrics metrics;
    private final Instance<OutboxRelay> relay;
    private final NotificationConfig config;
    private final Backoff backoff;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();

    public DeliveryWorker(Pool pool, TenantStore tenants, DeliveryStore deliveries, OptOutStore optOuts,
            Rendering rendering, EmailSender email, WebhookSender webhooks, DeadLetterQueue deadLetters,
            NotificationMetrics metrics, Instance<OutboxRelay> relay, NotificationConfig config) {
        this.pool = pool;
        this.tenants = tenants;
        this.deliveries = deliveries;
        this.optOuts = optOuts;
        this.rendering = rendering;
        this.email = email;
        this.webhooks = webhooks;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.relay = relay;
        this.config = config;
        this.backoff = new Backoff(config.retryBase(), config.retryMax(), config.maxAttempts());
    }

    @Scheduled(every = "${touchline.notification.work-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> onTimer() {
        return work();
    }

    /**
     * Runs at once, after a request committed a delivery that may be due: a high-priority task's
     * owner hears of it without waiting for the timer. A wake during a run makes one more run.
     */
    public void wake() {
        Context context = Vertx.currentContext();
        Runnable run = () -> work().subscribe().with(x -> {
        });
        if (context == null) {
            run.run();
        } else {
            context.runOnContext(x -> run.run());
        }
    }

    /** One run; a run asked for while one is going happens right after it. */
    Uni<Void> work() {
        if (!running.compareAndSet(false, true)) {
            again.set(true);
            return Uni.createFrom().voidItem();
        }
        Context context = Vertx.currentContext();
        Executor lane = context == null ? Runnable::run : task -> context.runOnContext(x -> task.run());
        return reconcile()
                .flatMap(x -> gatherDigests())
                .flatMap(x -> startDue(lane))
                .flatMap(x -> deliveries.retryBacklog(pool))
                .invoke(metrics::retryBacklog)
                .onFailure().invoke(failure -> LOG.warnf("Delivery run failed, the next one tries again: %s", failure))
                .onFailure().recoverWithNull()
                .eventually(() -> {
                    running.set(false);
                    if (again.getAndSet(false)) {
                        wake();
                    }
                })
                .replaceWithVoid();
    }

    /** Attempts in flight for longer than the lease: their process died between send and record. */
    Uni<Void> reconcile() {
        Instant before = Instant.now().minus(config.inFlightLease());
        return pool.withTransaction(connection -> deliveries.lockStale(connection, before, 100)
                .flatMap(stale -> each(stale, s -> deliveries.finishAttempt(connection, s.tenantId(), s.deliveryId(),
                        s.attempt(), DeliveryStore.UNKNOWN,
                        "no outcome recorded: the process stopped during the send; not sent again")
                        .flatMap(x -> deliveries.lock(connection, s.tenantId(), s.deliveryId()))
                        .flatMap(delivery -> {
                            LOG.warnf("Delivery %s: attempt %d has no recorded outcome; marked FAILED (%s)",
                                    s.deliveryId(), s.attempt(), OUTCOME_UNKNOWN);
                            return fail(connection, delivery, OUTCOME_UNKNOWN);
                        }))));
    }

    /** Digest items whose time came, gathered per tenant, channel and owner into one digest each. */
    Uni<Void> gatherDigests() {
        Instant now = Instant.now();
        return pool.withTransaction(connection -> deliveries.lockDueDigestItems(connection, now, DIGEST_ITEMS_PER_RUN)
                .flatMap(items -> {
                    Map<List<String>, List<Delivery>> byOwner = new LinkedHashMap<>();
                    for (Delivery item : items) {
                        byOwner.computeIfAbsent(List.of(item.tenantId(), item.channel(),
                                Objects.toString(item.recipient(), "")), k -> new ArrayList<>()).add(item);
                    }
                    return each(List.copyOf(byOwner.values()), group -> {
                        Delivery first = group.get(0);
                        // The digest's id names its owner and time: gathering it again cannot make a second one.
                        String id = "digest:" + first.channel() + ":" + Objects.toString(first.recipient(), "") + ":"
                                + first.nextAttemptAt().getEpochSecond();
                        String taskIds = "[\"" + String.join("\",\"", group.stream().map(Delivery::id).toList()) + "\"]";
                        Delivery digest = Delivery.pending(first.tenantId(), id, first.accountId(), DeliveryKind.DIGEST,
                                first.channel(), first.recipient(), null, group.size() + " new tasks", null, null,
                                taskIds, now, first.requestedAt(), null);
                        return deliveries.insert(connection, digest).flatMap(x -> deliveries.joinDigest(connection,
                                first.tenantId(), group.stream().map(Delivery::id).toList(), id));
                    });
                }));
    }

    /** Locks what is due, applies the guard rails, records the attempts, then sends after commit. */
    Uni<Void> startDue(Executor lane) {
        int room = config.batch() - inFlight.get();
        if (room <= 0) {
            return Uni.createFrom().voidItem();
        }
        Instant now = Instant.now();
        Map<String, TenantStore.Tenant> known = new HashMap<>();
        return pool.withTransaction(connection -> deliveries.lockDue(connection, now, room)
                .flatMap(due -> Multi.createFrom().iterable(due)
                        .onItem().transformToUniAndConcatenate(delivery -> tenant(connection, known, delivery.tenantId())
                                .flatMap(tenant -> start(connection, tenant, delivery, now)))
                        .filter(Objects::nonNull)
                        .collect().asList()))
                .invoke(started -> {
                    if (relay.isResolvable()) {
                        relay.get().wake();
                    }
                    started.forEach(s -> send(lane, s));
                })
                .replaceWithVoid();
    }

    private Uni<TenantStore.Tenant> tenant(SqlConnection connection, Map<String, TenantStore.Tenant> known, String id) {
        TenantStore.Tenant cached = known.get(id);
        return cached != null ? Uni.createFrom().item(cached)
                : tenants.read(connection, id).invoke(tenant -> known.put(id, tenant));
    }

    /** The guard rails, in order; null when the delivery does not go out now. */
    private Uni<Started> start(SqlConnection connection, TenantStore.Tenant tenant, Delivery delivery, Instant now) {
        TenantChannels channels = tenant.channels();
        boolean isEmail = TouchMessage.EMAIL.equals(delivery.channel());
        boolean toCustomer = delivery.kind() == DeliveryKind.MESSAGE;
        String endpoint = isEmail ? delivery.recipient() : toCustomer ? channels.webhookUrl() : channels.csmWebhookUrl();
        if (endpoint == null) {
            return suppress(connection, delivery, Suppression.NOT_CONFIGURED);
        }
        Uni<Boolean> optedOut = delivery.recipient() == null ? Uni.createFrom().item(false)
                : optOuts.optedOut(connection, delivery.tenantId(), delivery.recipient(), delivery.channel());
        return optedOut.flatMap(out -> {
            if (out) {
                return suppress(connection, delivery, Suppression.OPT_OUT);
            }
            if (!(isEmail && toCustomer)) {
                return attempt(connection, tenant, delivery);
            }
            Optional<Instant> quietUntil = channels.quietHours() == null ? Optional.empty()
                    : channels.quietHours().heldUntil(now, channels.timeZone());
            if (quietUntil.isPresent()) {
                return deliveries.holdUntil(connection, delivery, quietUntil.get()).replaceWith((Started) null);
            }
            return deliveries.sentSince(connection, delivery.tenantId(), delivery.recipient(), delivery.channel(),
                    now.minus(Duration.ofDays(channels.emailCapDays())))
                    .flatMap(sent -> sent >= channels.emailCap() ? suppress(connection, delivery, Suppression.CAP)
                            : attempt(connection, tenant, delivery));
        });
    }

    private Uni<Started> attempt(SqlConnection connection, TenantStore.Tenant tenant, Delivery delivery) {
        return rendering.render(connection, tenant, delivery)
                .onItemOrFailure().transformToUni((rendered, failure) -> {
                    if (failure != null && !(failure instanceof Rendering.NotRenderable)) {
                        return Uni.createFrom().failure(failure);
                    }
                    return deliveries.startAttempt(connection, delivery).flatMap(attempt -> failure == null
                            ? Uni.createFrom().item(new Started(delivery, attempt, rendered))
                            : deliveries.finishAttempt(connection, delivery.tenantId(), delivery.id(), attempt,
                                    "permanent", failure.getMessage())
                                    .flatMap(x -> fail(connection, delivery, NOT_RENDERABLE))
                                    .replaceWith((Started) null));
                });
    }

    private Uni<Started> suppress(SqlConnection connection, Delivery delivery, Suppression reason) {
        return deliveries.settle(connection, delivery, DeliveryStatus.SUPPRESSED, reason.reason())
                .invoke(() -> metrics.settled(delivery, DeliveryStatus.SUPPRESSED, reason.reason()))
                .replaceWith((Started) null);
    }

    private Uni<Void> fail(SqlConnection connection, Delivery delivery, String reason) {
        return deliveries.settle(connection, delivery, DeliveryStatus.FAILED, reason)
                .flatMap(x -> deadLetters.add(connection, delivery))
                .invoke(() -> metrics.settled(delivery, DeliveryStatus.FAILED, reason));
    }

    private void send(Executor lane, Started started) {
        inFlight.incrementAndGet();
        Uni<SendOutcome> sending = Uni.createFrom().deferred(() -> started.rendered() instanceof Rendering.Email mail
                ? email.send(mail.mail())
                : webhooks.send((Rendering.Webhook) started.rendered(), started.delivery().traceParent(),
                        started.delivery().createdAt()))
                // A send that cannot even start (a URL the client refuses) will not start next time either.
                .onFailure().recoverWithItem(failure -> SendOutcome.permanentFailure(failure.toString()));
        sending.flatMap(outcome -> Polls.retryingTransient(lane, () -> finish(started, outcome)))
                .onTermination().invoke(inFlight::decrementAndGet)
                .subscribe().with(x -> {
                }, failure -> LOG.errorf(failure, "Delivery %s: outcome not recorded", started.delivery().id()));
    }

    /** Records a send's outcome; nothing when the reconciler already marked the attempt unknown. */
    private Uni<Void> finish(Started started, SendOutcome outcome) {
        Delivery delivery = started.delivery();
        int attempt = started.attempt();
        return pool.withTransaction(connection -> deliveries.finishAttempt(connection, delivery.tenantId(), delivery.id(),
                attempt, outcome.result().name().toLowerCase(java.util.Locale.ROOT), outcome.detail())
                .flatMap(recorded -> {
                    if (!recorded) {
                        return Uni.createFrom().voidItem();
                    }
                    return switch (outcome.result()) {
                        case SENT -> deliveries.settle(connection, delivery, DeliveryStatus.SENT, null)
                                .invoke(() -> metrics.settled(delivery, DeliveryStatus.SENT, null));
                        case TRANSIENT -> backoff.retries(attempt)
                                ? deliveries.holdUntil(connection, delivery,
                                        Instant.now().plus(backoff.delay(attempt, ThreadLocalRandom.current().nextDouble())))
                                        .invoke(() -> metrics.retried(delivery))
                                : fail(connection, delivery, RETRIES_EXHAUSTED);
                        case PERMANENT -> fail(connection, delivery, PERMANENT_FAILURE);
                        case UNKNOWN -> fail(connection, delivery, OUTCOME_UNKNOWN);
                    };
                }))
                .invoke(() -> {
                    if (outcome.result() != SendOutcome.Result.SENT && relay.isResolvable()) {
                        relay.get().wake();
                    }
                });
    }

    private static <T> Uni<Void> each(List<T> items, java.util.function.Function<T, Uni<?>> step) {
        return Multi.createFrom().iterable(items).onItem().transformToUniAndConcatenate(step::apply)
                .collect().last().replaceWithVoid();
    }
}
