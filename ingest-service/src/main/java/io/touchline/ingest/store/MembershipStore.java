package io.touchline.ingest.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.touchline.ingest.domain.SegmentEvents.Membership;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Users' account memberships, learnt from group calls: stored in the {@code membership} table,
 * kept in memory for speed. A user not in memory is looked up in the table (another instance
 * may have learnt it); a user with no membership is not remembered as such, so a membership
 * learnt elsewhere is found on the next event.
 */
@ApplicationScoped
public class MembershipStore {

    /** Entries kept in memory before the cache starts over; rows stay in the table. */
    static final int MAX_CACHED_USERS = 1_000_000;

    private final Pool pool;
    private final Map<String, Set<String>> cache = new ConcurrentHashMap<>();

    public MembershipStore(Pool pool) {
        this.pool = pool;
    }

    /** The accounts of each user that has any; users with none are absent. */
    public Uni<Map<String, Set<String>>> accountsOf(String tenantId, Collection<String> userIds) {
        Map<String, Set<String>> known = new HashMap<>();
        List<String> missing = new ArrayList<>();
        for (String userId : new HashSet<>(userIds)) {
            Set<String> accounts = cache.get(key(tenantId, userId));
            if (accounts != null) {
                known.put(userId, accounts);
            } else {
                missing.add(userId);
            }
        }
        if (missing.isEmpty()) {
            return Uni.createFrom().item(known);
        }
        return pool.preparedQuery("select user_id, account_id from membership where tenant_id = $1 and user_id = any($2)")
                .execute(Tuple.of(tenantId, missing.toArray(new String[0])))
                .map(rows -> {
                    Map<String, Set<String>> loaded = new HashMap<>();
                    for (Row row : rows) {
                        loaded.computeIfAbsent(row.getString("user_id"), u -> new HashSet<>())
                                .add(row.getString("account_id"));
                    }
                    loaded.forEach((userId, accounts) -> {
                        Set<String> frozen = Set.copyOf(accounts);
                        cache(tenantId, userId, frozen);
                        known.put(userId, frozen);
                    });
                    return known;
                });
    }

    /** Stores memberships learnt from accepted group calls; known ones change nothing. */
    public Uni<Void> remember(String tenantId, Collection<Membership> memberships, Instant seenAt) {
        if (memberships.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = memberships.stream().distinct()
                .map(m -> Tuple.of(tenantId, m.userId(), m.accountId(), OffsetDateTime.ofInstant(seenAt, ZoneOffset.UTC)))
                .toList();
        return pool.preparedQuery("""
                insert into membership (tenant_id, user_id, account_id, first_seen_at) values ($1, $2, $3, $4)
                on conflict do nothing""")
                .executeBatch(rows)
                // Only users already cached learn the new account here; for the others the cache
                // would hold just this account while the table may hold more, so they load it whole.
                .invoke(done -> memberships.forEach(m -> cache.computeIfPresent(key(tenantId, m.userId()),
                        (user, old) -> {
                            Set<String> merged = new HashSet<>(old);
                            merged.add(m.accountId());
                            return Set.copyOf(merged);
                        })))
                .replaceWithVoid();
    }

    private void cache(String tenantId, String userId, Set<String> accounts) {
        if (cache.size() >= MAX_CACHED_USERS) {
            cache.clear();
        }
        cache.put(key(tenantId, userId), accounts);
    }

    private static String key(String tenantId, String userId) {
        return tenantId + '\u001f' + userId;
    }
}
