package io.touchline.scoring.config;

import java.time.Duration;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.touchline.scoring.domain.churn.ChurnPolicy;

/** Settings of scoring-service ({@code touchline.scoring.*}). */
@ConfigMapping(prefix = "touchline.scoring")
public interface ScoringConfig {

    /** How long an instance uses a tenant's active scorecard before asking the database again. */
    @WithDefault("5s")
    Duration scorecardCache();

    /**
     * How often the sweep looks for accounts whose time has come (read by the scheduler as
     * {@code touchline.scoring.sweep-every}).
     */
    @WithDefault("60s")
    Duration sweepEvery();

    /**
     * How long a usage event's message id is remembered: the same id again within it is a
     * duplicate and changes nothing, as long as the ids fit in {@link #dedupeMemory()}.
     */
    @WithDefault("24h")
    Duration dedupeWindow();

    /**
     * The heap the remembered message ids may take, over all partitions (about 20-40 bytes per
     * id). When the window's ids need more, the oldest polls' ids are forgotten first, and the
     * window actually held (the gauge {@code touchline.scoring.seen.window.seconds}) is shorter
     * than {@link #dedupeWindow()}.
     */
    @WithDefault("48M")
    MemorySize dedupeMemory();

    /**
     * The heap the accounts kept decoded between polls may take (ADR 0012); 0 turns the cache
     * off (a poll then reads its accounts whole in one select). An account takes a few kilobytes,
     * more with many users and features (docs/operations.md).
     */
    @WithDefault("48M")
    MemorySize accountCacheMemory();

    /** Accounts the sweep scores per transaction. */
    @WithDefault("500")
    int sweepBatch();

    /**
     * How far out of event-time order a backfill's events may arrive and still be applied in order
     * (docs/backfill.md): the import's watermark trails the newest event time read by this much.
     */
    @WithDefault("PT1H")
    java.time.Duration backfillLateness();

    /** Accounts a re-scoring job scores per transaction. */
    @WithDefault("500")
    int rescoreBatch();

    /** Churn models: observations, training and when a verdict is due (docs/scoring-model.md). */
    Churn churn();

    /** {@code touchline.scoring.churn.*} */
    interface Churn {

        /** How often each account's churn features are kept to train on, in event time. */
        @WithDefault("monthly")
        ChurnPolicy.Calendar observeEvery();

        /** An account with no usage has churn risk "unknown" for this many days after it is first seen. */
        @WithDefault("30")
        int unknownDays();

        /** When nightly training runs (a Quartz cron, read by the scheduler); {@code off} disables it. */
        @WithDefault("0 30 2 * * ?")
        String train();

        /** An observation is labelled churned when its account churned within this many days after it. */
        @WithDefault("30")
        int horizonDays();

        /** The share of labelled observations, the latest, held out to test on. */
        @WithDefault("0.3")
        double holdoutShare();

        /** Fewer churned observations than this to train on, and the built-in priors stay. */
        @WithDefault("20")
        int minChurns();

        /** L2 regularisation of the standardised weights. */
        @WithDefault("0.01")
        double l2();

        /** The held-out precision the high-risk threshold is set for. */
        @WithDefault("0.5")
        double targetPrecision();

        /** How far back training looks; older observations are dropped. */
        @WithDefault("P730D")
        java.time.Duration lookBack();
    }
}
