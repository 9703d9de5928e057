package io.touchline.scoring.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.touchline.scoring.config.ScoringConfig;
import io.touchline.scoring.domain.churn.ChurnPredictor;
import io.touchline.scoring.domain.churn.ChurnTrainer;
import io.touchline.scoring.domain.churn.LearnedChurnModel;
import io.touchline.scoring.domain.model.ChurnModel;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Churn model versions per tenant: one per training run, fitted or not. The built-in priors
 * (version 0) are active until a version is activated. The active model of each tenant is cached
 * like the active scorecard ({@code touchline.scoring.scorecard-cache}).
 */
@ApplicationScoped
public class ChurnModelStore {

    /** A fitted version. */
    public static final String FITTED = "fitted";
    /** A run with too little data to fit or judge a model. */
    public static final String INSUFFICIENT_DATA = "insufficient-data";

    /**
     * One training run.
     *
     * @param status {@value #FITTED} or {@value #INSUFFICIENT_DATA}
     * @param reason why it was or was not activated
     * @param model the coefficients (null when not fitted)
     * @param evaluation held-out figures beside the baselines' and the then active model's
     */
    public record Version(int version, String status, String reason, boolean active, Instant trainedAt,
            String trainedBy, Instant activatedAt, LearnedChurnModel model, ChurnTrainer.Evaluation evaluation) {
    }

    private record Cached(ChurnPredictor model, long loadedAtNanos) {
    }

    private final Pool pool;
    private final ObjectMapper mapper;
    private final ScoringConfig config;
    private final Map<String, Cached> active = new ConcurrentHashMap<>();

    public ChurnModelStore(Pool pool, ObjectMapper mapper, ScoringConfig config) {
        this.pool = pool;
        this.mapper = mapper;
        this.config = config;
    }

    /** The tenant's active churn model: its activated version, else the built-in priors. */
    public Uni<ChurnPredictor> active(String tenantId) {
        Cached cached = active.get(tenantId);
        if (cached != null && System.nanoTime() - cached.loadedAtNanos() < config.scorecardCache().toNanos()) {
            return Uni.createFrom().item(cached.model());
        }
        return pool.preparedQuery("select model::text from churn_model where tenant_id = $1 and active")
                .execute(Tuple.of(tenantId))
                .map(rows -> rows.size() == 0 ? (ChurnPredictor) ChurnModel.defaults()
                        : read(rows.iterator().next().getString(0), LearnedChurnModel.class))
                .invoke(model -> active.put(tenantId, new Cached(model, System.nanoTime())));
    }

    /** The model of one version (0: the priors); null when there is no fitted version by that number. */
    public Uni<ChurnPredictor> model(String tenantId, int version) {
        if (version == ChurnModel.PRIORS) {
            return Uni.createFrom().item(ChurnModel.defaults());
        }
        return find(tenantId, version).map(v -> v == null ? null : v.model());
    }

    public Uni<Version> find(String tenantId, int version) {
        return pool.preparedQuery("select * from churn_model where tenant_id = $1 and version = $2")
                .execute(Tuple.of(tenantId, version))
                .map(rows -> rows.size() == 0 ? null : version(rows.iterator().next()));
    }

    /** Every training run, newest first. */
    public Uni<List<Version>> list(String tenantId) {
        return pool.preparedQuery("select * from churn_model where tenant_id = $1 order by version desc")
                .execute(Tuple.of(tenantId))
                .map(rows -> {
                    List<Version> versions = new ArrayList<>();
                    rows.forEach(row -> versions.add(version(row)));
                    return versions;
                });
    }

    /**
     * Stores a training run as the tenant's next version, activating it when {@code activate}.
     *
     * @return its version
     */
    public Uni<Integer> add(String tenantId, ChurnTrainer.Result result, String trainedBy) {
        String status = result.model() == null ? INSUFFICIENT_DATA : FITTED;
        return pool.withTransaction(connection -> lockTenant(connection, tenantId)
                .flatMap(x -> connection.preparedQuery(
                        "select coalesce(max(version), 0) + 1 from churn_model where tenant_id = $1")
                        .execute(Tuple.of(tenantId)))
                .map(rows -> rows.iterator().next().getInteger(0))
                .flatMap(version -> connection.preparedQuery("""
                        insert into churn_model (tenant_id, version, status, reason, model, evaluation, trained_at,
                            trained_by)
                        values ($1, $2, $3, $4, $5::text::jsonb, $6::text::jsonb, now(), $7)""")
                        .execute(Tuple.from(java.util.Arrays.asList(tenantId, version, status, result.reason(),
                                result.model() == null ? null : write(result.model().withVersion(version)),
                                result.evaluation() == null ? null : write(result.evaluation()), trainedBy)))
                        .flatMap(x -> result.activate() ? activate(connection, tenantId, version)
                                : Uni.createFrom().item(true))
                        .replaceWith(version)))
                .invoke(version -> active.remove(tenantId));
    }

    /**
     * Makes a fitted version the tenant's active model; 0 goes back to the built-in priors.
     *
     * @return false when there is no fitted version by that number
     */
    public Uni<Boolean> activate(String tenantId, int version) {
        return pool.withTransaction(connection -> lockTenant(connection, tenantId)
                .flatMap(x -> activate(connection, tenantId, version)))
                .invoke(found -> active.remove(tenantId));
    }

    private Uni<Boolean> activate(SqlConnection connection, String tenantId, int version) {
        Uni<Boolean> found = version == ChurnModel.PRIORS ? Uni.createFrom().item(true)
                : connection.preparedQuery("select 1 from churn_model where tenant_id = $1 and version = $2 and status = $3")
                        .execute(Tuple.of(tenantId, version, FITTED))
                        .map(rows -> rows.size() == 1);
        return found.flatMap(exists -> !exists ? Uni.createFrom().item(false)
                : connection.preparedQuery("update churn_model set active = false where tenant_id = $1 and active")
                        .execute(Tuple.of(tenantId))
                        .flatMap(x -> connection.preparedQuery("""
                                update churn_model set active = true, activated_at = now()
                                where tenant_id = $1 and version = $2""")
                                .execute(Tuple.of(tenantId, version)))
                        .replaceWith(true));
    }

    /** Training runs and activations of a tenant take turns, so versions are numbered in order. */
    private static Uni<?> lockTenant(SqlConnection connection, String tenantId) {
        return connection.preparedQuery("select pg_advisory_xact_lock(hashtext('churn-model:' || $1))")
                .execute(Tuple.of(tenantId));
    }

    private Version version(Row row) {
        OffsetDateTime activated = row.getOffsetDateTime("activated_at");
        Object model = row.getValue("model");
        Object evaluation = row.getValue("evaluation");
        return new Version(row.getInteger("version"), row.getString("status"), row.getString("reason"),
                row.getBoolean("active"), row.getOffsetDateTime("trained_at").toInstant(), row.getString("trained_by"),
                activated == null ? null : activated.toInstant(),
                model == null ? null : read(model.toString(), LearnedChurnModel.class),
                evaluation == null ? null : read(evaluation.toString(), ChurnTrainer.Evaluation.class));
    }

    private <T> T read(String json, Class<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("churn models are written by scoring as JSON", e);
        }
    }

    private String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a churn model is plain data", e);
        }
    }
}
