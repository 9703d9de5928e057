package io.touchline.playbook.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.touchline.messaging.Sql;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/** Every signal playbook-service received: the alerts feed, the timeline and the ground of simulation. */
@ApplicationScoped
public class SignalStore {

    /**
     * A signal as received.
     *
     * @param at the signal's event time
     * @param publishedAt when it was published to {@code health-signals} (the record's timestamp)
     * @param payload the whole {@code health.signal} payload as JSON
     */
    public record Received(String tenantId, String signalId, String accountId, String signalType, Instant at,
            Instant publishedAt, double score, String band, String tier, String stage, Double churnProbability,
            String churnLevel, String reason, String payload) {

        public String key() {
            return tenantId + ":" + signalId;
        }
    }

    /**
     * A stored signal.
     *
     * @param seq its arrival order
     * @param feedSeq its position on the alerts feed; null when read other than from the feed
     */
    public record Stored(Received signal, Instant receivedAt, long seq, Long feedSeq) {
    }

    /** Which signals of the feed to list. */
    public record FeedFilter(String accountId, String signalType, String tier, String band) {
    }

    private final Pool pool;

    public SignalStore(Pool pool) {
        this.pool = pool;
    }

    /**
     * Stores the signals not received before; returns the {@link Received#key() keys} of those it
     * stored, the rest being redeliveries.
     */
    public Uni<Set<String>> insertNew(SqlConnection connection, List<Received> signals) {
        int n = signals.size();
        String[] tenants = new String[n];
        String[] ids = new String[n];
        String[] accounts = new String[n];
        String[] types = new String[n];
        OffsetDateTime[] at = new OffsetDateTime[n];
        OffsetDateTime[] published = new OffsetDateTime[n];
        Double[] scores = new Double[n];
        String[] bands = new String[n];
        String[] tiers = new String[n];
        String[] stages = new String[n];
        Double[] churn = new Double[n];
        String[] churnLevels = new String[n];
        String[] reasons = new String[n];
        String[] payloads = new String[n];
        for (int i = 0; i < n; i++) {
            Received s = signals.get(i);
            tenants[i] = s.tenantId();
            ids[i] = s.signalId();
            accounts[i] = s.accountId();
            types[i] = s.signalType();
            at[i] = Sql.time(s.at());
            published[i] = Sql.time(s.publishedAt());
            scores[i] = s.score();
            bands[i] = s.band();
            tiers[i] = s.tier();
            stages[i] = s.stage();
            churn[i] = s.churnProbability();
            churnLevels[i] = s.churnLevel();
            reasons[i] = s.reason();
            payloads[i] = s.payload();
        }
        // ordinality keeps the poll's order in seq, which simulation decides in.
        return connection.preparedQuery("""
                insert into signal_received (tenant_id, signal_id, account_id, signal_type, at, published_at, received_at,
                    score, band, tier, stage, churn_probability, churn_level, reason, payload)
                select t, i, a, y, e, p, now(), s, b, ti, st, c, cl, r, pl
                from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[],
                    $7::float8[], $8::text[], $9::text[], $10::text[], $11::float8[], $12::text[], $13::text[], $14::text[])
                    with ordinality as u(t, i, a, y, e, p, s, b, ti, st, c, cl, r, pl, n)
                order by n
                on conflict do nothing returning tenant_id, signal_id""")
                .execute(Tuple.tuple(List.of(tenants, ids, accounts, types, at, published, scores, bands, tiers, stages,
                        churn, churnLevels, reasons, payloads)))
                .map(rows -> {
                    Set<String> inserted = new HashSet<>();
                    for (Row row : rows) {
                        inserted.add(row.getString(0) + ":" + row.getString(1));
                    }
                    return inserted;
                });
    }

    /**
     * Puts the signals on the alerts feed, as the transaction's last statements: the lock is held
     * until commit, so positions are handed out in commit order and a reader that saw a position
     * has seen every lower one.
     */
    public Uni<Void> publish(SqlConnection connection, List<Received> signals) {
        if (signals.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String[] tenants = signals.stream().map(Received::tenantId).toArray(String[]::new);
        String[] ids = signals.stream().map(Received::signalId).toArray(String[]::new);
        // Both statements are sent together; PostgreSQL runs them in order.
        Uni<?> locked = connection.query("select pg_advisory_xact_lock(hashtext(current_schema() || '.alert_feed'))")
                .execute();
        return Uni.combine().all().unis(locked, connection.preparedQuery("""
                insert into alert_feed (tenant_id, position, signal_id)
                select t, nextval('alert_feed_position'), i from unnest($1::text[], $2::text[]) with ordinality as u(t, i, n)
                order by n""")
                .execute(Tuple.of(tenants, ids)))
                .discardItems();
    }

    /** The tenant's newest feed position (0 when it has none). */
    public Uni<Long> lastFeedSeq(String tenantId) {
        return pool.preparedQuery("select coalesce(max(position), 0) from alert_feed where tenant_id = $1")
                .execute(Tuple.of(tenantId))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /**
     * A page of the feed: after {@code afterFeedSeq} ascending (the live stream), or before
     * {@code beforeFeedSeq} descending (the newest first), filtered.
     */
    public Uni<List<Stored>> feed(String tenantId, FeedFilter filter, Long afterFeedSeq, Long beforeFeedSeq, int limit) {
        boolean ascending = afterFeedSeq != null;
        return pool.preparedQuery("""
                select s.*, f.position from alert_feed f
                join signal_received s on s.tenant_id = f.tenant_id and s.signal_id = f.signal_id
                where f.tenant_id = $1 and ($2::bigint is null or f.position > $2) and ($3::bigint is null or f.position < $3)
                  and ($4::text is null or s.account_id = $4) and ($5::text is null or s.signal_type = $5)
                  and ($6::text is null or s.tier = $6) and ($7::text is null or s.band = $7)
                """ + (ascending ? "order by f.position asc" : "order by f.position desc") + " limit $8")
                .execute(Tuple.tuple(java.util.Arrays.asList(tenantId, afterFeedSeq, beforeFeedSeq, filter.accountId(),
                        filter.signalType(), filter.tier(), filter.band(), limit)))
                .map(rows -> Sql.list(rows, SignalStore::read));
    }

    /** Signals whose time lies in [from, to), in arrival order after {@code afterSeq}: a page of history. */
    public Uni<List<Stored>> history(String tenantId, Instant from, Instant to, long afterSeq, int limit) {
        return pool.preparedQuery("""
                select * from signal_received where tenant_id = $1 and seq > $2 and at >= $3 and at < $4
                order by seq limit $5""")
                .execute(Tuple.of(tenantId, afterSeq, Sql.time(from), Sql.time(to), limit))
                .map(rows -> Sql.list(rows, SignalStore::read));
    }

    /** An account's signals whose time lies in [from, to), oldest first. */
    public Uni<List<Stored>> ofAccount(String tenantId, String accountId, Instant from, Instant to, int limit) {
        return pool.preparedQuery("""
                select * from signal_received where tenant_id = $1 and account_id = $2 and at >= $3 and at < $4
                order by at, seq limit $5""")
                .execute(Tuple.of(tenantId, accountId, Sql.time(from), Sql.time(to), limit))
                .map(rows -> Sql.list(rows, SignalStore::read));
    }

    private static Stored read(Row row) {
        // Only the feed's queries read a position.
        Long feedSeq = row.getColumnIndex("position") < 0 ? null : row.getLong("position");
        return new Stored(new Received(row.getString("tenant_id"), row.getString("signal_id"), row.getString("account_id"),
                row.getString("signal_type"), Sql.instant(row, "at"), Sql.instant(row, "published_at"),
                row.getDouble("score"), row.getString("band"), row.getString("tier"), row.getString("stage"),
                row.getDouble("churn_probability"), row.getString("churn_level"), row.getString("reason"),
                row.getString("payload")), Sql.instant(row, "received_at"), row.getLong("seq"), feedSeq);
    }
}
