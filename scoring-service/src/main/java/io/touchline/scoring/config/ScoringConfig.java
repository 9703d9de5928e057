package io.touchline.scoring.config;

import java.time.Duration;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

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
}
