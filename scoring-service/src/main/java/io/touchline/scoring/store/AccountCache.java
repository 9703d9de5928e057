package io.touchline.scoring.store;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.touchline.scoring.config.ScoringConfig;

/**
 * The accounts the usage-events consumers wrote last, kept decoded between polls so a poll reads
 * only each account's revision instead of its whole state (ADR 0012). A copy is used only while
 * the row's revision is the one the consumer's own write left: any other writer (the sweep, an
 * override, re-scoring, another instance) moves the revision on, and the row is read again.
 * <p>
 * A poll takes its accounts out and puts them back only after its transaction committed, so a
 * copy changed by a transaction that failed is never used again. The cache holds at most
 * {@code touchline.scoring.account-cache-memory} of heap, by each row's estimated size; the least
 * recently written accounts go first when it is full.
 */
@ApplicationScoped
public class AccountCache {

    private final long budget;
    // Access order: keeping an account again makes it the most recent, whether or not a poll
    // took it out first.
    private final LinkedHashMap<String, Kept> rows = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;
    private final Counter hits;
    private final Counter misses;
    private final Counter evictions;

    /** A row and the bytes it was estimated at when kept. */
    private record Kept(AccountRow row, long bytes) {
    }

    @Inject
    public AccountCache(ScoringConfig config, MeterRegistry registry) {
        this(config.accountCacheMemory().asLongValue(), registry);
    }

    AccountCache(long budget, MeterRegistry registry) {
        if (budget < 0) {
            throw new IllegalArgumentException("touchline.scoring.account-cache-memory is at least 0, got " + budget);
        }
        this.budget = budget;
        Gauge.builder("touchline.scoring.account.cache.size", this, AccountCache::size)
                .description("Accounts kept decoded in memory between polls")
                .register(registry);
        Gauge.builder("touchline.scoring.account.cache.bytes", this, AccountCache::bytes)
                .description("Estimated heap the accounts kept between polls take")
                .baseUnit("bytes")
                .register(registry);
        this.hits = Counter.builder("touchline.scoring.account.cache").tag("result", "hit")
                .description("Accounts a poll found current in memory (hit) or read from the database (miss)")
                .register(registry);
        this.misses = Counter.builder("touchline.scoring.account.cache").tag("result", "miss")
                .description("Accounts a poll found current in memory (hit) or read from the database (miss)")
                .register(registry);
        this.evictions = Counter.builder("touchline.scoring.account.cache.evictions")
                .description("Accounts dropped from memory to keep the cache within its bytes")
                .register(registry);
    }

    /**
     * Takes the poll's accounts out of the cache and returns those still current: kept at the
     * revision the database holds, with the active override as the database has it now.
     *
     * @param current what the poll's locking read found of each existing account
     */
    public synchronized Map<String, AccountRow> take(Collection<String> keys, Map<String, AccountStore.Current> current) {
        Map<String, AccountRow> found = new HashMap<>(keys.size() * 2);
        for (String key : keys) {
            AccountRow row = remove(key);
            AccountStore.Current now = current.get(key);
            if (row != null && now != null && row.revision == now.revision()) {
                row.overrideScore = now.overrideScore();
                row.overrideExpiresAt = now.overrideExpiresAt();
                found.put(key, row);
            }
        }
        hits.increment(found.size());
        misses.increment(current.size() - found.size());
        return found;
    }

    /** Keeps the rows a committed transaction wrote, at the revision it gave them. */
    public synchronized void keep(Collection<AccountRow> written, long revision) {
        if (budget == 0) {
            return;
        }
        for (AccountRow row : written) {
            row.written(revision);
            Kept kept = new Kept(row, row.estimatedBytes());
            Kept before = rows.put(row.accountKey, kept);
            bytes += kept.bytes() - (before == null ? 0 : before.bytes());
        }
        var eldest = rows.values().iterator();
        while (bytes > budget && eldest.hasNext()) {
            bytes -= eldest.next().bytes();
            eldest.remove();
            evictions.increment();
        }
    }

    /** Whether any of these accounts is kept: if none is, a poll reads them all whole at once. */
    public synchronized boolean holdsAny(Collection<String> keys) {
        if (!rows.isEmpty()) {
            for (String key : keys) {
                if (rows.containsKey(key)) {
                    return true;
                }
            }
        }
        return false;
    }

    synchronized int size() {
        return rows.size();
    }

    synchronized long bytes() {
        return bytes;
    }

    private AccountRow remove(String key) {
        Kept kept = rows.remove(key);
        if (kept == null) {
            return null;
        }
        bytes -= kept.bytes();
        return kept.row();
    }
}
