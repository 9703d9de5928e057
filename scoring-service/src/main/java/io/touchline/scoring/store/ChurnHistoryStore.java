package io.touchline.scoring.store;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.touchline.scoring.domain.churn.ChurnTrainer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * What churn models learn from: accounts' outcomes (churned, renewed, downgraded, with their
 * dates) and their churn features at each observation moment. Both are history: written in the
 * transaction of the scoring that found them, the same again changes nothing.
 */
@ApplicationScoped
public class ChurnHistoryStore {

    /** What happened to an account. */
    public enum Kind {
        CHURNED,
        RENEWED,
        DOWNGRADED;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One outcome.
     *
     * @param source {@code traits}, {@code renewal-date} or {@code api}
     */
    public record Outcome(String tenantId, String accountId, String kind, LocalDate occurredOn, String source,
            String note, Instant recordedAt) {
    }

    /** An account's churn features at an observation moment. */
    public record Observed(String tenantId, String accountId, Instant at, Map<String, Double> features) {
    }

    private static final TypeReference<LinkedHashMap<String, Double>> FEATURES = new TypeReference<>() {
    };

    private final Pool pool;
    private final ObjectMapper mapper;

    public ChurnHistoryStore(Pool pool, ObjectMapper mapper) {
        this.pool = pool;
        this.mapper = mapper;
    }

    /** Records outcomes; one already recorded (same account, kind and day) is left as it was. */
    public Uni<Void> addOutcomes(SqlConnection connection, List<Outcome> outcomes) {
        if (outcomes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> batch = new ArrayList<>(outcomes.size());
        for (Outcome o : outcomes) {
            batch.add(Tuple.from(List.of(o.tenantId(), o.accountId(), o.kind(), o.occurredOn(), o.source(),
                    o.note() == null ? "" : o.note())));
        }
        return connection.preparedQuery("""
                insert into account_outcome (tenant_id, account_id, kind, occurred_on, source, note, recorded_at)
                values ($1, $2, $3, $4, $5, nullif($6, ''), now()) on conflict do nothing""")
                .executeBatch(batch).replaceWithVoid();
    }

    /** Records one outcome; false when it was recorded already. */
    public Uni<Boolean> addOutcome(Outcome o) {
        return pool.preparedQuery("""
                insert into account_outcome (tenant_id, account_id, kind, occurred_on, source, note, recorded_at)
                values ($1, $2, $3, $4, $5, $6, now()) on conflict do nothing""")
                .execute(Tuple.from(java.util.Arrays.asList(o.tenantId(), o.accountId(), o.kind(), o.occurredOn(),
                        o.source(), o.note())))
                .map(rows -> rows.rowCount() == 1);
    }

    /** The account's outcomes, oldest first. */
    public Uni<List<Outcome>> outcomes(String tenantId, String accountId) {
        return pool.preparedQuery("""
                select * from account_outcome where tenant_id = $1 and account_id = $2
                order by occurred_on, kind""")
                .execute(Tuple.of(tenantId, accountId))
                .map(rows -> {
                    List<Outcome> outcomes = new ArrayList<>();
                    for (Row row : rows) {
                        outcomes.add(new Outcome(row.getString("tenant_id"), row.getString("account_id"),
                                row.getString("kind"), row.getLocalDate("occurred_on"), row.getString("source"),
                                row.getString("note"), row.getOffsetDateTime("recorded_at").toInstant()));
                    }
                    return outcomes;
                });
    }

    /** The day each of the tenant's churned accounts first churned. */
    public Uni<Map<String, LocalDate>> firstChurns(String tenantId) {
        return pool.preparedQuery("""
                select account_id, min(occurred_on) as churned_on from account_outcome
                where tenant_id = $1 and kind = 'churned' group by account_id""")
                .execute(Tuple.of(tenantId))
                .map(rows -> {
                    Map<String, LocalDate> churned = new HashMap<>();
                    for (Row row : rows) {
                        churned.put(row.getString("account_id"), row.getLocalDate("churned_on"));
                    }
                    return churned;
                });
    }

    /** Tenants with at least one recorded churn: those nightly training looks at. */
    public Uni<List<String>> tenantsWithChurns() {
        return pool.query("select distinct tenant_id from account_outcome where kind = 'churned' order by tenant_id")
                .execute()
                .map(rows -> {
                    List<String> tenants = new ArrayList<>();
                    rows.forEach(row -> tenants.add(row.getString(0)));
                    return tenants;
                });
    }

    /** Keeps observations; one taken again at the same moment (a replay, a re-score) replaces the first. */
    public Uni<Void> addObservations(SqlConnection connection, List<Observed> observed) {
        if (observed.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> batch = new ArrayList<>(observed.size());
        for (Observed o : observed) {
            batch.add(Tuple.of(o.tenantId(), o.accountId(), OffsetDateTime.ofInstant(o.at(), ZoneOffset.UTC),
                    write(o.features())));
        }
        return connection.preparedQuery("""
                insert into churn_observation (tenant_id, account_id, observed_at, features)
                values ($1, $2, $3, $4::text::jsonb)
                on conflict (tenant_id, observed_at, account_id) do update set features = excluded.features""")
                .executeBatch(batch).replaceWithVoid();
    }

    /** The tenant's observations from {@code since} on. */
    public Uni<List<ChurnTrainer.Observation>> observations(String tenantId, Instant since) {
        return pool.preparedQuery("""
                select account_id, observed_at, features::text from churn_observation
                where tenant_id = $1 and observed_at >= $2 order by observed_at, account_id""")
                .execute(Tuple.of(tenantId, OffsetDateTime.ofInstant(since, ZoneOffset.UTC)))
                .map(rows -> {
                    List<ChurnTrainer.Observation> observations = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        observations.add(new ChurnTrainer.Observation(row.getString(0),
                                row.getOffsetDateTime(1).toInstant(), read(row.getString(2))));
                    }
                    return observations;
                });
    }

    /** Drops observations older than {@code before}: training only looks back so far. */
    public Uni<Integer> forgetObservations(String tenantId, Instant before) {
        return pool.preparedQuery("delete from churn_observation where tenant_id = $1 and observed_at < $2")
                .execute(Tuple.of(tenantId, OffsetDateTime.ofInstant(before, ZoneOffset.UTC)))
                .map(rows -> rows.rowCount());
    }

    /** The newest event time of the tenant's accounts: how far its outcomes are known. */
    public Uni<Instant> newestEvent(String tenantId) {
        return pool.preparedQuery("select max(last_event_at) from account_health where tenant_id = $1")
                .execute(Tuple.of(tenantId))
                .map(rows -> {
                    OffsetDateTime newest = rows.iterator().next().getOffsetDateTime(0);
                    return newest == null ? null : newest.toInstant();
                });
    }

    private String write(Map<String, Double> features) {
        try {
            return mapper.writeValueAsString(features);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("features are numbers by name", e);
        }
    }

    private Map<String, Double> read(String json) {
        try {
            return mapper.readValue(json, FEATURES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "observations are written by scoring as JSON: " + e.getOriginalMessage() + " in " + json, e);
        }
    }
}
