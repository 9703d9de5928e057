package io.touchline.ingest.store;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.touchline.ingest.domain.KeyPolicy;
import io.touchline.web.auth.ApiKeyLookup;
import io.touchline.web.auth.ApiKeys;
import io.touchline.web.auth.AuthConfig;
import io.touchline.web.auth.Caller;
import io.touchline.web.auth.Scope;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Write keys (scope {@code ingest}) that operators create, change and revoke, stored only as
 * SHA-256 hashes in {@code write_key} with their {@link KeyPolicy}, beside the configured keys
 * (server keys). Active keys are held in memory and reloaded every few seconds, so a key revoked
 * or changed on another instance behaves so there within that time, and at once on the instance
 * that changed it.
 */
@ApplicationScoped
public class WriteKeyStore implements ApiKeyLookup {

    private static final Logger LOG = Logger.getLogger(WriteKeyStore.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A stored key as operators see it; the key itself is shown only when created. */
    public record WriteKey(String id, String label, List<String> allowedOrigins, List<String> allowedTraits,
            Instant createdAt, Instant revokedAt) {
    }

    /** A new key: the only time its secret is visible. */
    public record CreatedKey(String id, String key, String label, List<String> allowedOrigins,
            List<String> allowedTraits, Instant createdAt) {
    }

    private final Pool pool;
    private final ApiKeys configured;
    private volatile Map<String, KeyPolicy> active = Map.of();
    /** Every origin some active key allows: what a preflight that names no key may be answered for. */
    private volatile Set<String> originsInUse = Set.of();
    /** Hashes revoked by this instance: never resurrected by a reload that read before the revoke. */
    private final Set<String> revokedHere = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public WriteKeyStore(Pool pool, AuthConfig config) {
        this.pool = pool;
        this.configured = ApiKeys.parse(config.keys().orElse(List.of()));
    }

    void onStart(@Observes StartupEvent event) {
        reload().await().atMost(Duration.ofSeconds(30));
    }

    @Override
    public Optional<Caller> lookup(String rawKey) {
        Optional<Caller> caller = configured.lookup(rawKey);
        if (caller.isPresent()) {
            return caller;
        }
        return stored(rawKey).map(policy -> new Caller(policy.tenantId(), Set.of(Scope.INGEST)));
    }

    /** The policy of an ingest key: a stored key's own, a server policy for a configured one. */
    public Optional<KeyPolicy> policy(String rawKey) {
        Optional<Caller> configuredCaller = configured.lookup(rawKey);
        if (configuredCaller.isPresent()) {
            return configuredCaller.filter(caller -> caller.scopes().contains(Scope.INGEST))
                    .map(caller -> KeyPolicy.server(null, caller.tenantId()));
        }
        return stored(rawKey);
    }

    /** Whether the key is an API key of this deployment without the ingest scope (e.g. an ops key). */
    public boolean lacksIngestScope(String rawKey) {
        return configured.lookup(rawKey).map(caller -> !caller.scopes().contains(Scope.INGEST)).orElse(false);
    }

    /** Whether any active key allows the origin. */
    public boolean anyKeyAllows(String origin) {
        return KeyPolicy.normalizeOrigin(origin).map(originsInUse::contains).orElse(false);
    }

    private Optional<KeyPolicy> stored(String rawKey) {
        String hash = ApiKeys.sha256(rawKey);
        return revokedHere.contains(hash) ? Optional.empty() : Optional.ofNullable(active.get(hash));
    }

    // Not while the application stops: the pool may be closed already.
    @Scheduled(every = "${touchline.ingest.write-key-refresh:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> reload() {
        return pool.query("""
                select id, tenant_id, key_hash, allowed_origins, allowed_traits from write_key where revoked_at is null""")
                .execute()
                .invoke(rows -> {
                    Map<String, KeyPolicy> loaded = new HashMap<>();
                    Set<String> origins = new HashSet<>();
                    for (Row row : rows) {
                        KeyPolicy policy = new KeyPolicy(row.getString("id"), row.getString("tenant_id"),
                                Set.of(row.getArrayOfStrings("allowed_origins")),
                                Set.of(row.getArrayOfStrings("allowed_traits")));
                        loaded.put(row.getString("key_hash"), policy);
                        origins.addAll(policy.allowedOrigins());
                    }
                    active = Map.copyOf(loaded);
                    originsInUse = Set.copyOf(origins);
                })
                .onFailure().invoke(failure -> LOG.warnf("Could not reload write keys, keeping the last set: %s", failure))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** @param allowedOrigins normalised origins ({@link KeyPolicy#normalizeOrigin}) */
    public Uni<CreatedKey> create(String tenantId, String label, List<String> allowedOrigins, List<String> allowedTraits) {
        byte[] secret = new byte[16];
        RANDOM.nextBytes(secret);
        String key = "tl_wk_" + HexFormat.of().formatHex(secret);
        String id = UUID.randomUUID().toString();
        Instant now = Instant.now();
        return pool.preparedQuery("""
                insert into write_key (id, tenant_id, key_hash, label, created_at, allowed_origins, allowed_traits)
                values ($1, $2, $3, $4, $5, $6, $7)""")
                .execute(Tuple.from(new Object[] { id, tenantId, ApiKeys.sha256(key), label,
                        OffsetDateTime.ofInstant(now, ZoneOffset.UTC), allowedOrigins.toArray(String[]::new),
                        allowedTraits.toArray(String[]::new) }))
                .flatMap(done -> reload())
                .replaceWith(new CreatedKey(id, key, label, allowedOrigins, allowedTraits, now));
    }

    /**
     * Changes what an active key allows; a null list stays as it is.
     *
     * @return the key as changed, or null when the tenant has no such active key
     */
    public Uni<WriteKey> update(String tenantId, String id, List<String> allowedOrigins, List<String> allowedTraits) {
        return pool.preparedQuery("""
                update write_key set allowed_origins = coalesce($3, allowed_origins),
                                     allowed_traits = coalesce($4, allowed_traits)
                where tenant_id = $1 and id = $2 and revoked_at is null
                returning id, label, allowed_origins, allowed_traits, created_at, revoked_at""")
                .execute(Tuple.of(tenantId, id, allowedOrigins == null ? null : allowedOrigins.toArray(String[]::new),
                        allowedTraits == null ? null : allowedTraits.toArray(String[]::new)))
                .flatMap(rows -> reload().replaceWith(rows.rowCount() == 1 ? writeKey(rows.iterator().next()) : null));
    }

    /** @return false when the tenant has no such key, or it was revoked already */
    public Uni<Boolean> revoke(String tenantId, String id) {
        return pool.preparedQuery("""
                update write_key set revoked_at = now() where tenant_id = $1 and id = $2 and revoked_at is null
                returning key_hash""")
                .execute(Tuple.of(tenantId, id))
                .map(rows -> {
                    // Effective at once here, whatever a concurrent reload read.
                    rows.forEach(row -> revokedHere.add(row.getString("key_hash")));
                    return rows.rowCount() == 1;
                })
                .call(revoked -> reload());
    }

    public Uni<List<WriteKey>> list(String tenantId) {
        return pool.preparedQuery("""
                select id, label, allowed_origins, allowed_traits, created_at, revoked_at from write_key
                where tenant_id = $1 order by created_at""")
                .execute(Tuple.of(tenantId))
                .map(rows -> {
                    List<WriteKey> keys = new java.util.ArrayList<>();
                    for (Row row : rows) {
                        keys.add(writeKey(row));
                    }
                    return keys;
                });
    }

    private static WriteKey writeKey(Row row) {
        OffsetDateTime revoked = row.getOffsetDateTime("revoked_at");
        return new WriteKey(row.getString("id"), row.getString("label"), List.of(row.getArrayOfStrings("allowed_origins")),
                List.of(row.getArrayOfStrings("allowed_traits")), row.getOffsetDateTime("created_at").toInstant(),
                revoked == null ? null : revoked.toInstant());
    }
}
