package io.touchline.ingest.store;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
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
import io.touchline.web.auth.ApiKeyLookup;
import io.touchline.web.auth.ApiKeys;
import io.touchline.web.auth.AuthConfig;
import io.touchline.web.auth.Caller;
import io.touchline.web.auth.Scope;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Write keys (scope {@code ingest}) that operators create and revoke, stored only as SHA-256
 * hashes in {@code write_key}, beside the configured keys. Active keys are held in memory and
 * reloaded every few seconds, so a key revoked on another instance stops working there within
 * that time, and at once on the instance that revoked it.
 */
@ApplicationScoped
public class WriteKeyStore implements ApiKeyLookup {

    private static final Logger LOG = Logger.getLogger(WriteKeyStore.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A stored key as operators see it; the key itself is shown only when created. */
    public record WriteKey(String id, String label, Instant createdAt, Instant revokedAt) {
    }

    /** A new key: the only time its secret is visible. */
    public record CreatedKey(String id, String key, String label, Instant createdAt) {
    }

    private final Pool pool;
    private final ApiKeys configured;
    private volatile Map<String, Caller> active = Map.of();
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
        String hash = ApiKeys.sha256(rawKey);
        return revokedHere.contains(hash) ? Optional.empty() : Optional.ofNullable(active.get(hash));
    }

    // Not while the application stops: the pool may be closed already.
    @Scheduled(every = "${touchline.ingest.write-key-refresh:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> reload() {
        return pool.query("select tenant_id, key_hash from write_key where revoked_at is null").execute()
                .invoke(rows -> {
                    Map<String, Caller> loaded = new HashMap<>();
                    for (Row row : rows) {
                        loaded.put(row.getString("key_hash"), new Caller(row.getString("tenant_id"), Set.of(Scope.INGEST)));
                    }
                    active = Map.copyOf(loaded);
                })
                .onFailure().invoke(failure -> LOG.warnf("Could not reload write keys, keeping the last set: %s", failure))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    public Uni<CreatedKey> create(String tenantId, String label) {
        byte[] secret = new byte[16];
        RANDOM.nextBytes(secret);
        String key = "tl_wk_" + HexFormat.of().formatHex(secret);
        String id = UUID.randomUUID().toString();
        Instant now = Instant.now();
        return pool.preparedQuery("""
                insert into write_key (id, tenant_id, key_hash, label, created_at) values ($1, $2, $3, $4, $5)""")
                .execute(Tuple.of(id, tenantId, ApiKeys.sha256(key), label, OffsetDateTime.ofInstant(now, ZoneOffset.UTC)))
                .flatMap(done -> reload())
                .replaceWith(new CreatedKey(id, key, label, now));
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
                select id, label, created_at, revoked_at from write_key where tenant_id = $1 order by created_at""")
                .execute(Tuple.of(tenantId))
                .map(rows -> {
                    List<WriteKey> keys = new java.util.ArrayList<>();
                    for (Row row : rows) {
                        OffsetDateTime revoked = row.getOffsetDateTime("revoked_at");
                        keys.add(new WriteKey(row.getString("id"), row.getString("label"),
                                row.getOffsetDateTime("created_at").toInstant(),
                                revoked == null ? null : revoked.toInstant()));
                    }
                    return keys;
                });
    }
}
