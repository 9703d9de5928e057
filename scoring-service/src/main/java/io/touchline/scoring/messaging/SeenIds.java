package io.touchline.scoring.messaging;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import com.carrotsearch.hppc.LongHashSet;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.touchline.scoring.config.ScoringConfig;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Which usage events scoring applied, so that each is applied once (ADR 0012):
 * <ul>
 * <li>a record Kafka delivers again (after a crash or a rebalance) lies below the offset the
 * partition's last committed poll reached, kept in {@code seen_partition}, and is skipped
 * however long ago that was;
 * <li>a message id a client sends again within the dedupe window (24 h by default) is found
 * among the ids the partition applied: in memory as 64-bit hashes ({@link SeenWindow}), and in
 * the database as one row per partition and poll ({@code seen_ids}), written in the poll's
 * transaction.
 * </ul>
 * Each poll first locks its partitions' rows in {@code seen_partition}, moves their offset and
 * generation on, and reads the database clock all windows go by. A window whose generation is
 * not the one it finds there missed another consumer's polls (the partition moved, here or to
 * another instance, and back) and is reloaded from {@code seen_ids} before anything is decided.
 * The lock makes consumers that hold the same partition during a rebalance take turns.
 * <p>
 * The windows in memory take at most {@code touchline.scoring.dedupe-memory} together: beyond it
 * the oldest polls' ids are forgotten, so a client's retry is recognised only within the span
 * still held ({@code touchline.scoring.seen.window.seconds}). Kafka's own redeliveries are always
 * recognised, by offset.
 */
@ApplicationScoped
public class SeenIds {

    private static final Logger LOG = Logger.getLogger(SeenIds.class);
    private static final Comparator<TopicPartition> ORDER = Comparator.comparing(TopicPartition::topic)
            .thenComparingInt(TopicPartition::partition);
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    });

    private final Pool pool;
    private final Duration window;
    private final long budget;
    private final Map<TopicPartition, SeenWindow> windows = new ConcurrentHashMap<>();
    private final Counter evictions;

    @Inject
    public SeenIds(Pool pool, ScoringConfig config, MeterRegistry registry) {
        this(pool, config.dedupeWindow(), config.dedupeMemory().asLongValue(), registry);
    }

    SeenIds(Pool pool, Duration window, long budget, MeterRegistry registry) {
        this.pool = pool;
        this.window = window;
        this.budget = budget;
        Gauge.builder("touchline.scoring.seen.ids", this, SeenIds::size)
                .description("Message ids held in memory to recognise duplicates, over all partitions")
                .register(registry);
        Gauge.builder("touchline.scoring.seen.ids.bytes", this, SeenIds::bytes)
                .description("Heap the message ids held in memory take, over all partitions")
                .baseUnit("bytes")
                .register(registry);
        Gauge.builder("touchline.scoring.seen.window", this, ids -> ids.heldWindow(Instant.now()).toMillis() / 1000.0)
                .description("How far back a client's retry is recognised by its id: the dedupe window, or less "
                        + "when its ids did not fit in the dedupe memory")
                .baseUnit("seconds")
                .register(registry);
        this.evictions = Counter.builder("touchline.scoring.seen.ids.evictions")
                .description("Polls whose ids were forgotten within the dedupe window to stay within the dedupe memory")
                .register(registry);
    }

    /**
     * Locks the poll's partitions for this transaction, moves their offset and generation on,
     * and brings their windows up to date.
     *
     * @param endOffsets each partition's offset after the poll's last record
     */
    public Uni<Claim> claim(SqlConnection connection, Map<TopicPartition, Long> endOffsets) {
        List<TopicPartition> sorted = new ArrayList<>(endOffsets.keySet());
        // One global order: consumers holding the same partitions mid-rebalance never deadlock.
        sorted.sort(ORDER);
        Long[] ends = sorted.stream().map(endOffsets::get).toArray(Long[]::new);
        return connection.preparedQuery("""
                insert into seen_partition (topic, partition, previous, generation, applied_before, next_offset)
                select t, p, 0, nextval('seen_generation'), 0, o
                from unnest($1::text[], $2::int[], $3::bigint[]) as u(t, p, o)
                on conflict (topic, partition) do update
                    set previous = seen_partition.generation, generation = excluded.generation,
                        applied_before = seen_partition.next_offset,
                        next_offset = greatest(seen_partition.next_offset, excluded.next_offset)
                returning topic, partition, previous, generation, applied_before, now()""")
                .execute(Tuple.of(topics(sorted), partitions(sorted), ends))
                .flatMap(rows -> {
                    Claim claim = null;
                    List<TopicPartition> stale = new ArrayList<>();
                    for (Row row : rows) {
                        if (claim == null) {
                            claim = new Claim(row.getOffsetDateTime(5).toInstant());
                        }
                        TopicPartition partition = new TopicPartition(row.getString(0), row.getInteger(1));
                        long previous = row.getLong(2);
                        claim.generations.put(partition, new long[] { previous, row.getLong(3) });
                        claim.appliedBefore.put(partition, row.getLong(4));
                        if (window(partition).generation() != previous) {
                            stale.add(partition);
                        }
                    }
                    return reload(connection, stale, claim).replaceWith(claim);
                })
                .invoke(claim -> {
                    claim.generations.keySet().forEach(p -> window(p).expire(claim.now.minus(window)));
                    fit();
                });
    }

    private Uni<Void> reload(SqlConnection connection, List<TopicPartition> stale, Claim claim) {
        if (stale.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return connection.preparedQuery("""
                select topic, partition, generation, seen_at, ids from seen_ids
                where (topic, partition) in (select * from unnest($1::text[], $2::int[])) and seen_at >= $3
                order by seen_at, generation""")
                .execute(Tuple.of(topics(stale), partitions(stale), time(claim.now.minus(window))))
                .invoke(rows -> {
                    Map<TopicPartition, List<SeenWindow.Poll>> polls = new HashMap<>();
                    stale.forEach(p -> polls.put(p, new ArrayList<>()));
                    for (Row row : rows) {
                        polls.get(new TopicPartition(row.getString(0), row.getInteger(1))).add(new SeenWindow.Poll(
                                row.getLong(2), row.getOffsetDateTime(3).toInstant(), decode(row.getBuffer(4).getBytes())));
                    }
                    polls.forEach((partition, stored) -> {
                        window(partition).reload(claim.generations.get(partition)[0], stored);
                        LOG.debugf("Reloaded the ids of %s: %d polls", partition, stored.size());
                    });
                })
                .replaceWithVoid();
    }

    /** What one poll's transaction holds: its partitions' generations and the ids it applies first. */
    public final class Claim {

        private final Instant now;
        /** Partition to its generation before and after this poll. */
        private final Map<TopicPartition, long[]> generations = new HashMap<>();
        /** Partition to the offset the polls committed before this one reached. */
        private final Map<TopicPartition, Long> appliedBefore = new HashMap<>();
        private final Map<TopicPartition, LongHashSet> fresh = new HashMap<>();

        private Claim(Instant now) {
            this.now = now;
        }

        /**
         * True when the record is applied for the first time: not below the offset an earlier
         * poll reached, and its id in neither the partition's window nor earlier in this poll.
         */
        public boolean firstDelivery(TopicPartition partition, long offset, String messageId) {
            if (offset < appliedBefore.get(partition)) {
                return false;
            }
            long id = hash(messageId);
            return !window(partition).contains(id) && fresh.computeIfAbsent(partition, p -> new LongHashSet()).add(id);
        }

        /** Stores the ids this poll applied first, one row per partition. */
        public Uni<Void> write(SqlConnection connection) {
            if (fresh.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            int n = fresh.size();
            String[] topics = new String[n];
            Integer[] partitions = new Integer[n];
            Long[] generations = new Long[n];
            Buffer[] ids = new Buffer[n];
            int i = 0;
            for (Map.Entry<TopicPartition, LongHashSet> entry : fresh.entrySet()) {
                topics[i] = entry.getKey().topic();
                partitions[i] = entry.getKey().partition();
                generations[i] = this.generations.get(entry.getKey())[1];
                ids[i] = encode(entry.getValue().toArray());
                i++;
            }
            return connection.preparedQuery("""
                    insert into seen_ids (topic, partition, generation, seen_at, ids)
                    select t, p, g, $4, i from unnest($1::text[], $2::int[], $3::bigint[], $5::bytea[]) as u(t, p, g, i)""")
                    .execute(Tuple.of(topics, partitions, generations, time(now), ids))
                    .replaceWithVoid();
        }

        /** After the transaction committed: the windows take this poll's ids. */
        public void committed() {
            generations.forEach((partition, generation) -> {
                LongHashSet ids = fresh.get(partition);
                window(partition).advance(generation[0],
                        new SeenWindow.Poll(generation[1], now, ids == null ? new long[0] : ids.toArray()));
            });
            fit();
        }
    }

    /** Deletes the stored polls the window no longer covers, and forgets them in memory too. */
    @Scheduled(every = "10m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> scheduledPurge() {
        return purge(Duration.ZERO)
                .onFailure().invoke(failure -> LOG.warnf("Purging seen ids failed, trying again later: %s", failure))
                .onFailure().recoverWithItem(0)
                .replaceWithVoid();
    }

    /**
     * Purges what lies outside the window, by the database clock moved on by {@code later} (tests
     * look ahead); emits how many stored polls went.
     */
    public Uni<Integer> purge(Duration later) {
        return pool.preparedQuery("""
                with gone as (delete from seen_ids where seen_at < now() + make_interval(secs => $1) returning 1)
                select (select count(*) from gone)::int, now()""")
                .execute(Tuple.of((double) later.minus(window).toSeconds()))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    Instant cutoff = row.getOffsetDateTime(1).toInstant().plus(later).minus(window);
                    windows.values().forEach(w -> w.expire(cutoff));
                    return row.getInteger(0);
                });
    }

    /** Ids held in memory, over all partitions. */
    public int size() {
        return windows.values().stream().mapToInt(SeenWindow::size).sum();
    }

    /** The heap the windows take, over all partitions. */
    public long bytes() {
        return windows.values().stream().mapToLong(SeenWindow::bytes).sum();
    }

    /** How far back from {@code now} every partition still holds the ids it applied. */
    Duration heldWindow(Instant now) {
        Instant since = windows.values().stream().map(SeenWindow::heldSince).max(Comparator.naturalOrder())
                .orElse(Instant.EPOCH);
        Duration held = Duration.between(since, now);
        return held.compareTo(window) < 0 ? held.isNegative() ? Duration.ZERO : held : window;
    }

    /** Forgets the oldest polls of all partitions until the windows fit in the dedupe memory. */
    synchronized void fit() {
        long total = bytes();
        while (total > budget) {
            SeenWindow oldest = null;
            Instant at = null;
            for (SeenWindow w : windows.values()) {
                Instant first = w.oldest();
                if (first != null && (at == null || first.isBefore(at))) {
                    oldest = w;
                    at = first;
                }
            }
            if (oldest == null) {
                return;
            }
            total -= oldest.evictOldest();
            evictions.increment();
        }
    }

    SeenWindow window(TopicPartition partition) {
        return windows.computeIfAbsent(partition, p -> new SeenWindow());
    }

    /**
     * The first 8 bytes of the id's SHA-256: ids come from clients, so a hash nobody can aim at
     * another tenant's id. Two ids of one partition's 24 h collide with odds of about n²/2^65
     * (1 in 10^7 a day at 2,000,000 ids a day).
     */
    static long hash(String messageId) {
        byte[] digest = SHA_256.get().digest(messageId.getBytes(StandardCharsets.UTF_8));
        return ByteBuffer.wrap(digest).getLong();
    }

    private static Buffer encode(long[] ids) {
        ByteBuffer bytes = ByteBuffer.allocate(ids.length * Long.BYTES);
        bytes.asLongBuffer().put(ids);
        return Buffer.buffer(bytes.array());
    }

    private static long[] decode(byte[] bytes) {
        long[] ids = new long[bytes.length / Long.BYTES];
        ByteBuffer.wrap(bytes).asLongBuffer().get(ids);
        return ids;
    }

    private static String[] topics(List<TopicPartition> partitions) {
        return partitions.stream().map(TopicPartition::topic).toArray(String[]::new);
    }

    private static Integer[] partitions(List<TopicPartition> partitions) {
        return partitions.stream().map(TopicPartition::partition).toArray(Integer[]::new);
    }

    private static OffsetDateTime time(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
