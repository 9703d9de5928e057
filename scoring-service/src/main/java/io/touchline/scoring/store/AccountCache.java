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
 * only each account's revision instead of its whole state (ADR 0014). A copy is used only while
 * the row's revision is the one the consumer's own write left: any other writer (the sweep, an
 * override, re-scoring, another instance) moves the revision on, and the row is read again.
 * <p>
 * A poll takes its accounts out and puts them back only after its transaction committed, so a
 * copy changed by a transaction that failed is never used again. The least recently written
 * accounts go first when the cache is full.
 */
@ApplicationScoped
public class AccountCache {

    private final int capacity;
    private final Map<String, AccountRow> rows;
    private final Counter hits;
    private final Counter misses;

    @Inject
    public AccountCache(ScoringConfig config, MeterRegistry registry) {
        this(config.accountCache(), registry);
    }

    AccountCache(int capacity, MeterRegistry registry) {
        if (capacity < 0) {
            throw new IllegalArgumentException("touchline.scoring.account-cache is at least 0, got " + capacity);
        }
        this.capacity = capacity;
        // Access order: keeping an account again makes it the most recent, whether or not a poll
        // took it out first; the least recently written goes when one too many is kept.
        this.rows = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, AccountRow> eldest) {
                return size() > capacity;
            }
        };
        Gauge.builder("touchline.scoring.account.cache.size", this, AccountCache::size)
                .description("Accounts kept decoded in memory between polls")
                .register(registry);
        this.hits = Counter.builder("touchline.scoring.account.cache").tag("result", "hit")
                .description("Accounts a poll found current in memory (hit) or read from the database (miss)")
                .register(registry);
        this.misses = Counter.builder("touchline.scoring.account.cache").tag("result", "miss")
                .description("Accounts a poll found current in memory (hit) or read from the database (miss)")
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
            AccountRow row = rows.remove(key);
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
        if (capacity == 0) {
            return;
        }
        for (AccountRow row : written) {
            row.written(revision);
            rows.put(row.accountKey, row);
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
}
