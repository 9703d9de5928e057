package io.touchline.scoring.store;

import java.time.Instant;
import java.util.Collection;

import io.touchline.messaging.Envelope;
import io.touchline.scoring.domain.ScoreMemory;
import io.touchline.scoring.domain.state.AccountState;

/**
 * One account as scoring reads and writes it within a transaction: its state and memory decoded,
 * the columns CS ops query, and the active override (read-only here).
 */
public final class AccountRow {

    // The row with its boxed and time fields; the state and memory with their empty collections.
    private static final long ROW = 320;
    private static final long STATE = 700;
    private static final long MEMORY = 330;
    // A hash map's node and its share of the table; a tree map's entry with a LocalDate key and
    // a boxed value; a LocalDate in a list; a move with its Instant.
    private static final long HASH_ENTRY = 40;
    private static final long DAY_ENTRY = 80;
    private static final long LIST_DATE = 30;
    private static final long MOVE = 72;
    private static final long LOCAL_DATE = 24;
    private static final long TREE_MAP = 48;

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
    /** Null while the churn risk is unknown. */
    public Double churnProbability;
    public String churnLevel;
    public int scorecardVersion;
    /** The churn model of the score: 0 for the built-in priors. */
    public int churnModelVersion;
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

    /**
     * An estimate of the heap this row holds, for the account cache's byte budget: object
     * headers, references and boxed values as a 64-bit HotSpot with compressed references lays
     * them out, per element of each collection (AccountRowFootprintTest checks it against the
     * measured size).
     */
    public long estimatedBytes() {
        long bytes = ROW + text(accountKey) + text(tenantId) + text(accountId) + text(band) + text(churnLevel)
                + text(tier) + text(stage) + text(tierPin);
        if (state != null) {
            bytes += STATE + text(state.name) + text(state.plan) + text(state.currency) + text(state.csmOwner)
                    + text(state.primaryContact) + text(state.expansionPotential) + text(state.status)
                    + dated(state.userLastActive.keySet()) + dated(state.featureLastUsed.keySet())
                    + strings(state.importance) + strings(state.setupSteps) + strings(state.openTickets)
                    + (long) state.dailyEvents.size() * DAY_ENTRY + (long) state.contactChanges.size() * LIST_DATE;
            for (var counted : state.countedDaily.entrySet()) {
                bytes += HASH_ENTRY + TREE_MAP + text(counted.getKey()) + (long) counted.getValue().size() * DAY_ENTRY;
            }
        }
        if (memory != null) {
            bytes += MEMORY + text(memory.primaryContact)
                    + (long) (memory.dailyClose.size() + memory.dailyHigh.size()) * DAY_ENTRY;
            for (var episode : memory.episodes.entrySet()) {
                bytes += HASH_ENTRY + text(episode.getKey()) + text(episode.getValue());
            }
            for (ScoreMemory.Move move : memory.moves) {
                bytes += MOVE + text(move.trigger()) + text(move.cause());
            }
        }
        return bytes;
    }

    private static long text(String text) {
        // The String, its byte array header, and its Latin-1 or UTF-16 bytes rounded up to 8.
        return text == null ? 0 : 40 + ((text.length() + 7L) & ~7L);
    }

    private static long strings(Collection<String> strings) {
        long bytes = 0;
        for (String s : strings) {
            bytes += HASH_ENTRY + text(s);
        }
        return bytes;
    }

    private static long dated(Collection<String> keys) {
        return strings(keys) + (long) keys.size() * LOCAL_DATE;
    }

    /** Whether the score CS sees changed in this transaction. */
    public boolean scoreChanged() {
        return loadedScore == null || loadedScore != score || !band.equals(loadedBand);
    }
}
