package io.touchline.scoring.config;

import java.time.Duration;

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
     * duplicate and changes nothing. Memory grows with it (about 25 bytes per id).
     */
    @WithDefault("24h")
    Duration dedupeWindow();

    /**
     * How many accounts the usage-events consumers keep decoded in memory between polls (ADR
     * 0014); 0 turns the cache off (a poll then reads its accounts whole in one select, as
     * before). Each takes a few kilobytes of heap (docs/operations.md).
     */
    @WithDefault("50000")
    int accountCache();

    /** Accounts the sweep scores per transaction. */
    @WithDefault("500")
    int sweepBatch();

    /** Accounts a re-scoring job scores per transaction. */
    @WithDefault("500")
    int rescoreBatch();
}
