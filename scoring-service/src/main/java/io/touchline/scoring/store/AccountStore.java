package io.touchline.scoring.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;

import io.smallrye.mutiny.Uni;
import io.touchline.messaging.Envelope;
import io.touchline.scoring.domain.ScoreMemory;
import io.touchline.scoring.domain.state.AccountState;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Reads and writes accounts in batches within the caller's transaction: a locking select for
 * the accounts a poll touches (of their revisions only, when the consumer keeps copies, and then
 * of the rows it does not keep current: ADR 0012), one multi-row upsert for all of them, one
 * multi-row insert of history. Rows are locked ({@code for update}) so the consumer, the sweep and re-scoring never
 * score the same account at once.
 */
@ApplicationScoped
public class AccountStore {

    /** The account's active override: the newest one neither removed nor expired. */
    private static final String ACTIVE_OVERRIDE = """
            left join lateral (
                select score, expires_at from health_override o
                where o.account_key = a.account_key and o.removed_at is null and o.expires_at > now()
                order by o.created_at desc, o.id desc limit 1) o on true""";

    /** The account's active tier pin: the newest one not removed. */
    private static final String ACTIVE_PIN = """
            left join lateral (
                select tier from tier_pin p
                where p.account_key = a.account_key and p.removed_at is null
                order by p.created_at desc, p.id desc limit 1) p on true""";

    private static final String COLUMNS = """
            a.account_key, a.revision, a.tenant_id, a.account_id, a.state, a.memory, a.first_seen_at, a.last_event_at,
            a.events_applied, a.score, a.computed_score, a.band, a.partial, a.overridden, a.churn_probability,
            a.churn_level, a.scorecard_version, a.churn_model_version, a.trend_7d, a.trend_30d, a.tier, a.stage,
            a.last_activity_at, a.next_check_at, o.score as override_score, o.expires_at as override_expires_at,
            p.tier as tier_pin
            from account_health a
            """ + ACTIVE_OVERRIDE + "\n" + ACTIVE_PIN;

    private final ObjectReader stateReader;
    private final ObjectReader memoryReader;
    private final ObjectWriter stateWriter;
    private final ObjectWriter memoryWriter;

    public AccountStore(ObjectMapper mapper) {
        this.stateReader = mapper.readerFor(AccountState.class);
        this.memoryReader = mapper.readerFor(ScoreMemory.class);
        this.stateWriter = mapper.writerFor(AccountState.class);
        this.memoryWriter = mapper.writerFor(ScoreMemory.class);
    }

    /** Locks and reads the accounts that exist among these keys. */
    public Uni<Map<String, AccountRow>> lock(SqlConnection connection, Collection<String> accountKeys) {
        return connection.preparedQuery("select " + COLUMNS
                + " where a.account_key = any($1) order by a.account_key for update of a")
                .execute(Tuple.of(accountKeys.toArray(new String[0])))
                .map(this::byKey);
    }

    /** What a locking read without state and memory finds of an account. */
    public record Current(long revision, Double overrideScore, Instant overrideExpiresAt) {
    }

    /**
     * Locks the accounts that exist among these keys and reads only their revision and active
     * override: enough to tell whether a copy kept in memory is still the row (ADR 0012).
     */
    public Uni<Map<String, Current>> lockCurrent(SqlConnection connection, Collection<String> accountKeys) {
        return connection.preparedQuery("select a.account_key, a.revision, o.score, o.expires_at from account_health a "
                + ACTIVE_OVERRIDE + " where a.account_key = any($1) order by a.account_key for update of a")
                .execute(Tuple.of(accountKeys.toArray(new String[0])))
                .map(rows -> {
                    Map<String, Current> result = new HashMap<>(rows.size() * 2);
                    for (Row row : rows) {
                        result.put(row.getString(0), new Current(row.getLong(1), row.getDouble(2),
                                instant(row.getOffsetDateTime(3))));
                    }
                    return result;
                });
    }

    /** Locks and reads up to {@code limit} accounts the sweep is due to look at, skipping locked ones. */
    public Uni<List<AccountRow>> lockDue(SqlConnection connection, Instant now, int limit) {
        // A tenant that backfills goes by its import's watermark, not the wall clock.
        return connection.preparedQuery("select " + COLUMNS + """
                 where a.next_check_at <= $1
                   and not exists (select 1 from backfill b where b.tenant_id = a.tenant_id and b.handed_over_at is null)
                order by a.next_check_at limit $2 for update of a skip locked""")
                .execute(Tuple.of(OffsetDateTime.ofInstant(now, ZoneOffset.UTC), limit))
                .map(this::list);
    }

    /** Locks and reads up to {@code limit} of a tenant's accounts due at or before {@code until}. */
    public Uni<List<AccountRow>> lockDueOf(SqlConnection connection, String tenantId, Instant until, int limit) {
        return connection.preparedQuery("select " + COLUMNS + """
                 where a.tenant_id = $1 and a.next_check_at <= $2
                order by a.next_check_at limit $3 for update of a skip locked""")
                .execute(Tuple.of(tenantId, OffsetDateTime.ofInstant(until, ZoneOffset.UTC), limit))
                .map(this::list);
    }

    /** Locks and reads the next page of a tenant's accounts after {@code afterKey}, in key order. */
    public Uni<List<AccountRow>> lockPage(SqlConnection connection, String tenantId, String afterKey, int limit) {
        return connection.preparedQuery("select " + COLUMNS + """
                 where a.tenant_id = $1 and a.account_key > $2
                order by a.account_key limit $3 for update of a""")
                .execute(Tuple.of(tenantId, afterKey, limit))
                .map(this::list);
    }

    /** Locks and reads one account; null when scoring has not seen it. */
    public Uni<AccountRow> lockOne(SqlConnection connection, String tenantId, String accountId) {
        String key = Envelope.key(tenantId, accountId);
        return lock(connection, List.of(key)).map(rows -> rows.get(key));
    }

    /**
     * Writes all rows in one statement: new ones inserted, known ones updated.
     *
     * @return the revision the rows now have: this transaction's id (0 when there were none)
     */
    public Uni<Long> save(SqlConnection connection, Collection<AccountRow> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().item(0L);
        }
        int n = rows.size();
        String[] keys = new String[n];
        String[] tenants = new String[n];
        String[] accounts = new String[n];
        // UTF-8 bytes, which the statement reads as text: written once, not as a String first.
        Buffer[] states = new Buffer[n];
        Buffer[] memories = new Buffer[n];
        OffsetDateTime[] firstSeen = new OffsetDateTime[n];
        OffsetDateTime[] lastEvent = new OffsetDateTime[n];
        Long[] applied = new Long[n];
        Double[] scores = new Double[n];
        Double[] computed = new Double[n];
        String[] bands = new String[n];
        Boolean[] partial = new Boolean[n];
        Boolean[] overridden = new Boolean[n];
        Double[] churn = new Double[n];
        String[] churnLevels = new String[n];
        Integer[] versions = new Integer[n];
        Integer[] churnModels = new Integer[n];
        Double[] trend7 = new Double[n];
        Double[] trend30 = new Double[n];
        String[] tiers = new String[n];
        String[] stages = new String[n];
        OffsetDateTime[] lastActivity = new OffsetDateTime[n];
        OffsetDateTime[] nextCheck = new OffsetDateTime[n];
        int i = 0;
        for (AccountRow row : rows) {
            keys[i] = row.accountKey;
            tenants[i] = row.tenantId;
            accounts[i] = row.accountId;
            states[i] = write(stateWriter, row.state);
            memories[i] = write(memoryWriter, row.memory);
            firstSeen[i] = time(row.firstSeenAt);
            lastEvent[i] = time(row.lastEventAt);
            applied[i] = row.eventsApplied;
            scores[i] = row.score;
            computed[i] = row.computedScore;
            bands[i] = row.band;
            partial[i] = row.partial;
            overridden[i] = row.overridden;
            churn[i] = row.churnProbability;
            churnLevels[i] = row.churnLevel;
            versions[i] = row.scorecardVersion;
            churnModels[i] = row.churnModelVersion;
            trend7[i] = row.trend7d;
            trend30[i] = row.trend30d;
            tiers[i] = row.tier;
            stages[i] = row.stage;
            lastActivity[i] = time(row.lastActivityAt);
            nextCheck[i] = time(row.nextCheckAt);
            i++;
        }
        Tuple params = Tuple.tuple(List.of(keys, tenants, accounts, states, memories, firstSeen, lastEvent, applied,
                scores, computed, bands, partial, overridden, churn, churnLevels, versions, trend7,
                trend30, tiers, stages, lastActivity, nextCheck, churnModels));
        // The insert runs whether or not the select reads it.
        return connection
                .preparedQuery(
                        """
                                with written as (insert into account_health (account_key, tenant_id, account_id, state, memory,
                                    first_seen_at, last_event_at, events_applied, score, computed_score, band, partial, overridden,
                                    churn_probability, churn_level, scorecard_version, trend_7d, trend_30d, tier, stage,
                                    last_activity_at, next_check_at, churn_model_version, revision)
                                select u.account_key, u.tenant_id, u.account_id, convert_from(u.state, 'UTF8'),
                                    convert_from(u.memory, 'UTF8'), u.first_seen_at, u.last_event_at, u.events_applied, u.score,
                                    u.computed_score, u.band, u.partial, u.overridden, u.churn_probability, u.churn_level,
                                    u.scorecard_version, u.trend_7d, u.trend_30d, u.tier, u.stage, u.last_activity_at,
                                    u.next_check_at, u.churn_model_version, pg_current_xact_id()::text::bigint
                                from unnest($1::text[], $2::text[], $3::text[], $4::bytea[], $5::bytea[], $6::timestamptz[],
                                    $7::timestamptz[], $8::bigint[], $9::float8[], $10::float8[], $11::text[], $12::bool[],
                                    $13::bool[], $14::float8[], $15::text[], $16::int[], $17::float8[], $18::float8[],
                                    $19::text[], $20::text[], $21::timestamptz[], $22::timestamptz[], $23::int[])
                                    as u(account_key, tenant_id, account_id, state, memory, first_seen_at, last_event_at,
                                    events_applied, score, computed_score, band, partial, overridden, churn_probability,
                                    churn_level, scorecard_version, trend_7d, trend_30d, tier, stage, last_activity_at,
                                    next_check_at, churn_model_version)
                                on conflict (account_key) do update set
                                    state = excluded.state, memory = excluded.memory, first_seen_at = excluded.first_seen_at,
                                    last_event_at = excluded.last_event_at, events_applied = excluded.events_applied,
                                    score = excluded.score, computed_score = excluded.computed_score, band = excluded.band,
                                    partial = excluded.partial, overridden = excluded.overridden,
                                    churn_probability = excluded.churn_probability, churn_level = excluded.churn_level,
                                    scorecard_version = excluded.scorecard_version,
                                    churn_model_version = excluded.churn_model_version,
                                    trend_7d = excluded.trend_7d, trend_30d = excluded.trend_30d, tier = excluded.tier,
                                    stage = excluded.stage, last_activity_at = excluded.last_activity_at,
                                    next_check_at = excluded.next_check_at, revision = excluded.revision)
                                select pg_current_xact_id()::text::bigint""")
                .execute(params)
                .map(result -> result.iterator().next().getLong(0));
    }

    /** One point of score history. */
    public record HistoryPoint(String accountKey, Instant scoredAt, double score, String band, Double churn,
            boolean partial, String causedBy) {
    }

    public Uni<Void> addHistory(SqlConnection connection, List<HistoryPoint> points) {
        if (points.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = points.size();
        String[] keys = new String[n];
        OffsetDateTime[] at = new OffsetDateTime[n];
        Double[] scores = new Double[n];
        String[] bands = new String[n];
        Double[] churn = new Double[n];
        Boolean[] partial = new Boolean[n];
        String[] causes = new String[n];
        for (int i = 0; i < n; i++) {
            HistoryPoint p = points.get(i);
            keys[i] = p.accountKey();
            at[i] = time(p.scoredAt());
            scores[i] = p.score();
            bands[i] = p.band();
            churn[i] = p.churn();
            partial[i] = p.partial();
            causes[i] = p.causedBy();
        }
        return connection.preparedQuery("""
                insert into health_history (account_key, scored_at, score, band, churn, partial, caused_by)
                select * from unnest($1::text[], $2::timestamptz[], $3::float8[], $4::text[], $5::float8[],
                    $6::bool[], $7::text[])""")
                .execute(Tuple.tuple(List.of(keys, at, scores, bands, churn, partial, causes)))
                .replaceWithVoid();
    }

    private Map<String, AccountRow> byKey(RowSet<Row> rows) {
        Map<String, AccountRow> result = new HashMap<>(rows.size() * 2);
        for (Row row : rows) {
            AccountRow account = read(row);
            result.put(account.accountKey, account);
        }
        return result;
    }

    private List<AccountRow> list(RowSet<Row> rows) {
        List<AccountRow> result = new ArrayList<>(rows.size());
        for (Row row : rows) {
            result.add(read(row));
        }
        return result;
    }

    private AccountRow read(Row row) {
        AccountRow a = new AccountRow(row.getString("tenant_id"), row.getString("account_id"), row.getLong("revision"),
                row.getDouble("score"), row.getString("band"));
        a.state = read(stateReader, row.getString("state"));
        a.memory = read(memoryReader, row.getString("memory"));
        a.firstSeenAt = instant(row.getOffsetDateTime("first_seen_at"));
        a.lastEventAt = instant(row.getOffsetDateTime("last_event_at"));
        a.eventsApplied = row.getLong("events_applied");
        a.score = row.getDouble("score");
        a.computedScore = row.getDouble("computed_score");
        a.band = row.getString("band");
        a.partial = row.getBoolean("partial");
        a.overridden = row.getBoolean("overridden");
        a.churnProbability = row.getDouble("churn_probability");
        a.churnModelVersion = row.getInteger("churn_model_version");
        a.churnLevel = row.getString("churn_level");
        a.scorecardVersion = row.getInteger("scorecard_version");
        a.trend7d = row.getDouble("trend_7d");
        a.trend30d = row.getDouble("trend_30d");
        a.tier = row.getString("tier");
        a.stage = row.getString("stage");
        a.lastActivityAt = instant(row.getOffsetDateTime("last_activity_at"));
        a.nextCheckAt = instant(row.getOffsetDateTime("next_check_at"));
        a.overrideScore = row.getDouble("override_score");
        a.overrideExpiresAt = instant(row.getOffsetDateTime("override_expires_at"));
        a.tierPin = row.getString("tier_pin");
        return a;
    }

    private static <T> T read(ObjectReader reader, String json) {
        try {
            return reader.readValue(json);
        } catch (IOException e) {
            throw new UncheckedIOException("stored state is written by this class", e);
        }
    }

    private static Buffer write(ObjectWriter writer, Object value) {
        try {
            return Buffer.buffer(writer.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("state and memory are plain data", e);
        }
    }

    private static OffsetDateTime time(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
