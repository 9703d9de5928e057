package io.touchline.scoring.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.touchline.scoring.config.ScoringConfig;
import io.touchline.scoring.domain.model.TenantScorecard;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Scorecard versions per tenant. Version 1 is the built-in default and is active until a tenant
 * activates another. The active version of each tenant is cached for a few seconds, so a poll
 * does not ask the database for it; an activation reaches every instance within that time.
 */
@ApplicationScoped
public class ScorecardStore {

    /** A stored version. */
    public record Version(int version, ScorecardDefinition definition, Instant createdAt, String createdBy,
            Instant activatedAt, boolean active) {
    }

    private record Cached(TenantScorecard scorecard, long loadedAtNanos) {
    }

    private final Pool pool;
    private final ObjectMapper mapper;
    private final ScoringConfig config;
    private final ChurnModelStore churnModels;
    private final Map<String, Cached> active = new ConcurrentHashMap<>();

    public ScorecardStore(Pool pool, ObjectMapper mapper, ScoringConfig config, ChurnModelStore churnModels) {
        this.pool = pool;
        this.mapper = mapper;
        this.config = config;
        this.churnModels = churnModels;
    }

    /** The tenant's active scorecard, with its active churn model. */
    public Uni<TenantScorecard> active(String tenantId) {
        Cached cached = active.get(tenantId);
        Uni<TenantScorecard> card;
        if (cached != null && System.nanoTime() - cached.loadedAtNanos() < config.scorecardCache().toNanos()) {
            card = Uni.createFrom().item(cached.scorecard());
        } else {
            card = pool.preparedQuery("select version, definition from scorecard where tenant_id = $1 and active")
                    .execute(Tuple.of(tenantId))
                    .map(rows -> rows.size() == 0 ? TenantScorecard.defaults() : parse(rows.iterator().next()))
                    .invoke(loaded -> active.put(tenantId, new Cached(loaded, System.nanoTime())));
        }
        return withActiveChurn(tenantId, card);
    }

    private Uni<TenantScorecard> withActiveChurn(String tenantId, Uni<TenantScorecard> card) {
        return card.flatMap(c -> c == null ? Uni.createFrom().nullItem()
                : churnModels.active(tenantId).map(model -> model == c.churn() ? c : c.withChurn(model)));
    }

    /** The tenant's active version as stored now, past any cache (1: the built-in default). */
    public Uni<Integer> activeVersion(String tenantId) {
        return pool.preparedQuery("select version from scorecard where tenant_id = $1 and active")
                .execute(Tuple.of(tenantId))
                .map(rows -> rows.size() == 0 ? TenantScorecard.DEFAULT_VERSION : rows.iterator().next().getInteger(0));
    }

    /** The active scorecards of several tenants. */
    public Uni<Map<String, TenantScorecard>> activeOf(Set<String> tenantIds) {
        Map<String, TenantScorecard> cards = new ConcurrentHashMap<>();
        if (tenantIds.isEmpty()) {
            return Uni.createFrom().item(cards);
        }
        List<Uni<TenantScorecard>> loads = new ArrayList<>();
        for (String tenant : tenantIds) {
            loads.add(active(tenant).invoke(card -> cards.put(tenant, card)));
        }
        return Uni.join().all(loads).andFailFast().replaceWith(cards);
    }

    /** One version of the tenant's scorecard, with the active churn model; null when there is no such version. */
    public Uni<TenantScorecard> version(String tenantId, int version) {
        if (version == TenantScorecard.DEFAULT_VERSION) {
            return withActiveChurn(tenantId, Uni.createFrom().item(TenantScorecard.defaults()));
        }
        return withActiveChurn(tenantId,
                find(tenantId, version).map(v -> v == null ? null : v.definition().validate(version).scorecard()));
    }

    public Uni<Version> find(String tenantId, int version) {
        if (version == TenantScorecard.DEFAULT_VERSION) {
            return list(tenantId).map(all -> all.get(0));
        }
        return pool.preparedQuery("select * from scorecard where tenant_id = $1 and version = $2")
                .execute(Tuple.of(tenantId, version))
                .map(rows -> rows.size() == 0 ? null : version(rows.iterator().next()));
    }

    /** All versions, oldest first, the built-in default included. */
    public Uni<List<Version>> list(String tenantId) {
        return pool.preparedQuery("select * from scorecard where tenant_id = $1 order by version")
                .execute(Tuple.of(tenantId))
                .map(rows -> {
                    List<Version> versions = new ArrayList<>();
                    boolean anyActive = false;
                    for (Row row : rows) {
                        Version v = version(row);
                        anyActive |= v.active();
                        versions.add(v);
                    }
                    versions.add(0, new Version(TenantScorecard.DEFAULT_VERSION,
                            ScorecardDefinition.of(TenantScorecard.defaults()), Instant.EPOCH, "touchline", null,
                            !anyActive));
                    return versions;
                });
    }

    /** Stores a validated definition as the tenant's next version (not active yet). */
    public Uni<Integer> create(String tenantId, ScorecardDefinition definition, String createdBy) {
        // The lock serialises version numbering per tenant.
        return pool.withTransaction(connection -> lockTenant(connection, tenantId)
                .flatMap(x -> connection.preparedQuery("""
                        insert into scorecard (tenant_id, version, definition, created_at, created_by)
                        select $1, coalesce(max(version), $4) + 1, $2, now(), $3 from scorecard where tenant_id = $1
                        returning version""")
                        .execute(Tuple.of(tenantId, write(definition), createdBy, TenantScorecard.DEFAULT_VERSION)))
                .map(rows -> rows.iterator().next().getInteger(0)));
    }

    /**
     * Makes a version the tenant's active one; version 1 goes back to the built-in default. An
     * unknown version changes nothing.
     *
     * @return false when there is no such version
     */
    public Uni<Boolean> activate(String tenantId, int version) {
        // Two activations at once take turns, so the second never meets the first's row in the
        // one-active index.
        return pool.withTransaction(connection -> lockTenant(connection, tenantId)
                .flatMap(x -> version == TenantScorecard.DEFAULT_VERSION
                        ? Uni.createFrom().item(true)
                        : connection.preparedQuery("select 1 from scorecard where tenant_id = $1 and version = $2")
                                .execute(Tuple.of(tenantId, version))
                                .map(rows -> rows.size() == 1))
                .flatMap(found -> !found ? Uni.createFrom().item(false)
                        : connection.preparedQuery("update scorecard set active = false where tenant_id = $1 and active")
                                .execute(Tuple.of(tenantId))
                                .flatMap(x -> version == TenantScorecard.DEFAULT_VERSION
                                        ? Uni.createFrom().item(true)
                                        : connection.preparedQuery("""
                                                update scorecard set active = true, activated_at = now()
                                                where tenant_id = $1 and version = $2""")
                                                .execute(Tuple.of(tenantId, version))
                                                .replaceWith(true))))
                .invoke(found -> active.remove(tenantId));
    }

    /** Holds the tenant's scorecards until the transaction ends: creations and activations take turns. */
    private static Uni<RowSet<Row>> lockTenant(SqlConnection connection, String tenantId) {
        return connection.preparedQuery("select pg_advisory_xact_lock(hashtext('scorecard:' || $1))")
                .execute(Tuple.of(tenantId));
    }

    private Version version(Row row) {
        OffsetDateTime activated = row.getOffsetDateTime("activated_at");
        return new Version(row.getInteger("version"), read(row.getString("definition")),
                row.getOffsetDateTime("created_at").toInstant(), row.getString("created_by"),
                activated == null ? null : activated.toInstant(), row.getBoolean("active"));
    }

    private TenantScorecard parse(Row row) {
        int version = row.getInteger("version");
        return read(row.getString("definition")).validate(version).scorecard();
    }

    private ScorecardDefinition read(String json) {
        try {
            return mapper.readValue(json, ScorecardDefinition.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored scorecards were validated on the way in", e);
        }
    }

    private String write(ScorecardDefinition definition) {
        try {
            return mapper.writeValueAsString(definition);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a definition is plain data", e);
        }
    }
}
