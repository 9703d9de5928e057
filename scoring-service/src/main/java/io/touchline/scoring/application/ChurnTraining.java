package io.touchline.scoring.application;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.touchline.scoring.config.ScoringConfig;
import io.touchline.scoring.domain.churn.ChurnTrainer;
import io.touchline.scoring.store.ChurnHistoryStore;
import io.touchline.scoring.store.ChurnModelStore;
import io.touchline.scoring.store.RescoreJobStore;
import io.touchline.scoring.store.ScorecardStore;

/**
 * Trains tenants' churn models: on demand, and nightly for every tenant with a recorded churn.
 * Each run becomes a model version; one that beats the active model and both baselines on
 * held-out data is activated, and the tenant's accounts are re-scored under it.
 */
@ApplicationScoped
public class ChurnTraining {

    private static final Logger LOG = Logger.getLogger(ChurnTraining.class);
    static final String NIGHTLY = "nightly";

    private final ChurnHistoryStore history;
    private final ChurnModelStore models;
    private final ScorecardStore scorecards;
    private final RescoreJobStore jobs;
    private final RescoreJobs runner;
    private final ScoringConfig config;

    public ChurnTraining(ChurnHistoryStore history, ChurnModelStore models, ScorecardStore scorecards,
            RescoreJobStore jobs, RescoreJobs runner, ScoringConfig config) {
        this.history = history;
        this.models = models;
        this.scorecards = scorecards;
        this.jobs = jobs;
        this.runner = runner;
        this.config = config;
    }

    /**
     * Trains the tenant's model on its observations and outcomes.
     *
     * @param targetPrecision the held-out precision to set the high-risk threshold for (null: the configured one)
     * @return the stored version
     */
    public Uni<ChurnModelStore.Version> train(String tenantId, String trainedBy, Double targetPrecision) {
        ScoringConfig.Churn c = config.churn();
        ChurnTrainer.Settings settings = new ChurnTrainer.Settings(c.horizonDays(), c.holdoutShare(), c.minChurns(),
                c.l2(), targetPrecision != null ? targetPrecision : c.targetPrecision());
        Instant now = Instant.now();
        return history.newestEvent(tenantId).flatMap(newest -> {
            Instant dataEnd = newest == null || newest.isAfter(now) ? now : newest;
            return history.observations(tenantId, dataEnd.minus(c.lookBack()))
                    .flatMap(observations -> history.firstChurns(tenantId)
                            .flatMap(churns -> models.active(tenantId)
                                    // The fit is CPU work: off the event loop.
                                    .emitOn(Infrastructure.getDefaultWorkerPool())
                                    .map(active -> ChurnTrainer.train(observations, churns, dataEnd, active,
                                            settings))));
        }).flatMap(result -> models.add(tenantId, result, trainedBy)
                .flatMap(version -> (result.activate() ? rescore(tenantId) : Uni.createFrom().voidItem())
                        .flatMap(x -> models.find(tenantId, version))));
    }

    /**
     * Makes a version active (0: the built-in priors) and re-scores the tenant under it; false when there is no such version.
     */
    public Uni<Boolean> activate(String tenantId, int version) {
        return models.activate(tenantId, version)
                .flatMap(found -> found ? rescore(tenantId).replaceWith(true) : Uni.createFrom().item(false));
    }

    private Uni<Void> rescore(String tenantId) {
        return scorecards.activeVersion(tenantId)
                .flatMap(version -> jobs.create(tenantId, version))
                .invoke(job -> runner.wake())
                .replaceWithVoid();
    }

    /** Nightly: every tenant with a churn on record, one after the other, unless one was trained in the last hours. */
    @Scheduled(cron = "${touchline.scoring.churn.train}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> nightly() {
        Instant recent = Instant.now().minus(Duration.ofHours(12));
        return history.tenantsWithChurns()
                .onItem().transformToMulti(tenants -> Multi.createFrom().iterable(tenants))
                .onItem().transformToUniAndConcatenate(tenant -> models.list(tenant)
                        .flatMap(versions -> trainedSince(versions, recent) ? Uni.createFrom().voidItem()
                                : history.forgetObservations(tenant, Instant.now().minus(config.churn().lookBack()))
                                        .flatMap(x -> train(tenant, NIGHTLY, null))
                                        .invoke(v -> LOG.infof("Churn model of %s: version %d, %s", tenant,
                                                v.version(), v.reason()))
                                        .replaceWithVoid())
                        .onFailure().recoverWithItem(failure -> {
                            LOG.warnf("Nightly churn training of %s failed: %s", tenant, failure.toString());
                            return null;
                        }))
                .collect().last().replaceWithVoid();
    }

    /** Another instance's nightly run got there first. */
    private static boolean trainedSince(List<ChurnModelStore.Version> versions, Instant since) {
        return versions.stream().anyMatch(v -> NIGHTLY.equals(v.trainedBy()) && v.trainedAt().isAfter(since));
    }
}
