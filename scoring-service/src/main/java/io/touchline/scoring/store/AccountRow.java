package io.touchline.scoring.store;

import java.time.Instant;

import io.touchline.messaging.Envelope;
import io.touchline.scoring.domain.ScoreMemory;
import io.touchline.scoring.domain.state.AccountState;

/**
 * One account as scoring reads and writes it within a transaction: its state and memory decoded,
 * the columns CS ops query, and the active override (read-only here).
 */
public final class AccountRow {

    public final String accountKey;
    public final String tenantId;
    public final String accountId;
    public AccountState state;
    public ScoreMemory memory;
    public Instant firstSeenAt;
    public Instant lastEventAt;
    public long eventsApplied;
    public double score;
    public double computedScore;
    public String band;
    public boolean partial;
    public boolean overridden;
    public double churnProbability;
    public String churnLevel;
    public int scorecardVersion;
    public Double trend7d;
    public Double trend30d;
    public String tier;
    public String stage;
    public Instant lastActivityAt;
    public Instant nextCheckAt;
    /** The active override's score, when there is one. */
    public Double overrideScore;
    /** When the active override expires; the sweep looks again then. */
    public Instant overrideExpiresAt;
    /** The tier pinned by hand (a wire name such as {@code high-touch}), while a pin is active. */
    public String tierPin;
    /** The transaction that last wrote the row (0 before its first write). */
    public long revision;
    /** Score and band as loaded, to tell whether this transaction changed them. */
    private Double loadedScore;
    private String loadedBand;

    AccountRow(String tenantId, String accountId, long revision, Double loadedScore, String loadedBand) {
        this.accountKey = Envelope.key(tenantId, accountId);
        this.tenantId = tenantId;
        this.accountId = accountId;
        this.revision = revision;
        this.loadedScore = loadedScore;
        this.loadedBand = loadedBand;
    }

    /** An account scoring has not seen before. */
    public static AccountRow fresh(String tenantId, String accountId, Instant firstEvent) {
        AccountRow row = new AccountRow(tenantId, accountId, 0, null, null);
        row.state = new AccountState();
        row.memory = new ScoreMemory();
        row.firstSeenAt = firstEvent;
        row.lastEventAt = firstEvent;
        return row;
    }

    /**
     * After the transaction that wrote the row committed: the row is now what the database holds,
     * and the next transaction's changes are measured from here.
     */
    public void written(long revision) {
        this.revision = revision;
        this.loadedScore = score;
        this.loadedBand = band;
    }

    /** Whether the score CS sees changed in this transaction. */
    public boolean scoreChanged() {
        return loadedScore == null || loadedScore != score || !band.equals(loadedBand);
    }
}
