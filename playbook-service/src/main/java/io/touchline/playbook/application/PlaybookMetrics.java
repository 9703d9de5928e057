package io.touchline.playbook.application;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import io.touchline.messaging.metrics.PipelineLatency;
import io.touchline.playbook.config.PlaybookConfig;
import io.touchline.playbook.domain.Decision;
import io.touchline.playbook.domain.Wire;
import io.touchline.playbook.store.TaskStore;
import io.vertx.mutiny.core.Vertx;

/**
 * playbook-service's metrics: signals handled, tasks created by playbook and tier, messages
 * requested, actions suppressed by reason, open and overdue tasks per owner, the latency from a
 * signal's publication to the commit of what it caused, and the pipeline's task hop (from the
 * usage event's time to the task's commit).
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

    private final PipelineLatency pipeline;

    public PlaybookMetrics(MeterRegistry registry, TaskStore tasks, Vertx vertx, PlaybookConfig config,
            PipelineLatency pipeline) {
        this.registry = registry;
        this.pipeline = pipeline;
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
        // The same counter and outcomes as every consumer's (docs/operations.md).
        count("touchline.messages.consumed", result.fresh().size(), "applied");
        count("touchline.messages.consumed", result.duplicates(), "duplicate");
        count("touchline.messages.consumed", poison, "poison");
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
        Map<String, Instant> eventTimes = new HashMap<>();
        result.fresh().forEach(in -> eventTimes.put(in.row().signalId(), in.row().at()));
        for (CsTask task : result.tasks()) {
            Instant eventTime = eventTimes.get(task.signalId());
            if (eventTime != null) {
                pipeline.record(PipelineLatency.TASK, eventTime, committed);
            }
            registry.counter("touchline.playbook.tasks.created", "playbook", task.playbookId(), "tier",
                    task.tier() == null ? "unknown" : task.tier()).increment();
        }
        for (Instant at : published) {
            latency.record(Instants.nanosBetween(at, committed), TimeUnit.NANOSECONDS);
        }
    }

    private void count(String name, int n, String outcome) {
        if (n > 0) {
            registry.counter(name, "consumer", "playbook-service", "outcome", outcome).increment(n);
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
