package io.touchline.playbook.application;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.touchline.messaging.Instants;
import io.touchline.messaging.contract.CsTask;
import io.touchline.playbook.config.PlaybookConfig;
import io.touchline.playbook.domain.Decision;
import io.touchline.playbook.domain.Wire;
import io.touchline.playbook.store.TaskStore;
import io.vertx.mutiny.core.Vertx;

/**
 * playbook-service's metrics: signals handled, tasks created by playbook and tier, messages
 * requested, actions suppressed by reason, open and overdue tasks per owner, and the latency
 * from a signal's publication to the commit of what it caused.
 */
@Singleton
public class PlaybookMetrics {

    private static final Logger LOG = Logger.getLogger(PlaybookMetrics.class);

    private final MeterRegistry registry;
    private final TaskStore tasks;
    private final Vertx vertx;
    private final PlaybookConfig config;
    private final Timer latency;
    private final MultiGauge open;
    private final MultiGauge overdue;
    private long timerId = -1;

    public PlaybookMetrics(MeterRegistry registry, TaskStore tasks, Vertx vertx, PlaybookConfig config) {
        this.registry = registry;
        this.tasks = tasks;
        this.vertx = vertx;
        this.config = config;
        this.latency = Timer.builder("touchline.playbook.signal.latency")
                .description("From a signal's publication on health-signals to the commit of the tasks, messages and"
                        + " records it caused")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry);
        this.open = MultiGauge.builder("touchline.playbook.tasks.open")
                .description("Tasks not completed or dismissed, per tenant and owner").register(registry);
        this.overdue = MultiGauge.builder("touchline.playbook.tasks.overdue")
                .description("Open tasks past their due date, per tenant and owner").register(registry);
    }

    void onStart(@Observes StartupEvent event) {
        timerId = vertx.setPeriodic(config.ownerLoadEvery().toMillis(), id -> refreshOwnerLoad());
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    /** After a poll's commit. */
    public void polled(SignalHandling.Result result, int poison, List<Instant> published, Instant committed) {
        count("touchline.playbook.signals", result.fresh().size(), "outcome", "handled");
        count("touchline.playbook.signals", result.duplicates(), "outcome", "duplicate");
        count("touchline.playbook.signals", poison, "outcome", "dead-lettered");
        for (Decision d : result.decisions()) {
            for (Decision.Outcome o : d.outcomes()) {
                if (!o.created()) {
                    registry.counter("touchline.playbook.actions.suppressed", "reason", Wire.name(o.suppressed()),
                            "playbook", d.playbook().id()).increment();
                }
            }
            for (Decision.MessageDraft m : d.messages()) {
                registry.counter("touchline.playbook.messages.requested", "playbook", d.playbook().id(), "channel",
                        Wire.name(m.channel())).increment();
            }
        }
        for (CsTask task : result.tasks()) {
            registry.counter("touchline.playbook.tasks.created", "playbook", task.playbookId(), "tier",
                    task.tier() == null ? "unknown" : task.tier()).increment();
        }
        for (Instant at : published) {
            latency.record(Instants.nanosBetween(at, committed), TimeUnit.NANOSECONDS);
        }
    }

    private void count(String name, int n, String tag, String value) {
        if (n > 0) {
            registry.counter(name, tag, value).increment(n);
        }
    }

    private void refreshOwnerLoad() {
        tasks.loadByOwner(Instant.now()).subscribe().with(loads -> {
            open.register(loads.stream().map(l -> MultiGauge.Row.of(Tags.of("tenant", l.tenantId(), "owner", l.owner()),
                    l.open())).toList(), true);
            overdue.register(loads.stream().map(l -> MultiGauge.Row.of(Tags.of("tenant", l.tenantId(), "owner", l.owner()),
                    l.overdue())).toList(), true);
        }, failure -> LOG.debugf("Open tasks per owner not counted this time: %s", failure));
    }
}
