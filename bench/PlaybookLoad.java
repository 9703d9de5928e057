import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Load and measurement for the playbook benchmark (bench/playbook-benchmark): sends health
 * signals to health-signals at a fixed rate, open loop (each at its due time, whatever came of
 * the ones before), then reads from PostgreSQL how long each took from its publication to the
 * commit of the task it made: the task row keeps the signal record's timestamp, and PostgreSQL
 * the commit time of the transaction that wrote the row (track_commit_timestamp).
 *
 * Needs the jars of .touchline/lib/kafka (kafka-clients) and the PostgreSQL JDBC driver.
 *
 * Usage: java -cp ... PlaybookLoad <mode> ...
 *   topic     <bootstrap> <topic>                                   creates a one-partition topic for Kafka's EndToEndLatency
 *   signals   <bootstrap> <warmupTenant> <warmupCount> <tenant> <count> <ratePerSec>
 *                                                                   red band changes of high-touch accounts, one account each:
 *                                                                   the warm-up's, then without a pause the measured ones
 *   latency   <jdbcUrl> <tenant> <count> <timeoutSeconds>           waits for the tasks, then prints quantiles in ms
 *   commit-ts <jdbcUrl>                                             fails unless PostgreSQL tracks commit timestamps
 */
public class PlaybookLoad {

    static final String TOPIC = "health-signals";

    public static void main(String[] args) throws Exception {
        switch (args.length == 0 ? "" : args[0]) {
            case "topic" -> topic(args[1], args[2]);
            case "signals" -> signals(args[1], args[2], Long.parseLong(args[3]), args[4], Long.parseLong(args[5]),
                    Double.parseDouble(args[6]));
            case "latency" -> latency(args[1], args[2], Long.parseLong(args[3]), Long.parseLong(args[4]));
            case "commit-ts" -> commitTimestamps(args[1]);
            default -> {
                System.err.println("usage: PlaybookLoad topic|signals|latency|commit-ts ...");
                System.exit(2);
            }
        }
    }

    static void topic(String bootstrap, String topic) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(props)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        System.out.println("mode=topic topic=" + topic);
    }

    /**
     * Signal n is due at start + n / rate; whatever is due is handed to the producer without
     * waiting for the ones before (open loop), then the thread sleeps until the next is due, in
     * slices of at most 1 ms. The record's timestamp is the moment of sending. The warm-up's
     * signals come first, in the same stream, so the measured ones meet a settled service and a
     * settled generator: a generator started cold sends its first second late, in a burst.
     */
    static void signals(String bootstrap, String warmupTenant, long warmup, String tenant, long count, double rate)
            throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        // As the outbox relay publishes: no lingering, so a signal leaves when it is sent.
        props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "playbook-bench-load");
        AtomicLong failed = new AtomicLong();
        double nanosPerSignal = 1e9 / rate;
        long total = warmup + count;
        long start = System.nanoTime();
        long measuredStart = start;
        long late = 0;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            long n = 0;
            while (n < total) {
                long due = Math.min(total, (long) ((System.nanoTime() - start) / nanosPerSignal) + 1);
                if (due - n > 1 && n >= warmup) {
                    late += due - n - 1;
                }
                while (n < due) {
                    if (n == warmup) {
                        measuredStart = System.nanoTime();
                    }
                    String owner = n < warmup ? warmupTenant : tenant;
                    String account = "acct-" + n;
                    producer.send(new ProducerRecord<>(TOPIC, owner + ":" + account, signal(owner, account)),
                            (metadata, error) -> {
                                if (error != null) {
                                    failed.incrementAndGet();
                                }
                            });
                    n++;
                }
                long wait = start + (long) (n * nanosPerSignal) - System.nanoTime();
                if (n < total && wait > 0) {
                    LockSupport.parkNanos(Math.min(wait, 1_000_000L));
                }
            }
            producer.flush();
        }
        double seconds = (System.nanoTime() - measuredStart) / 1e9;
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " signals were not sent");
        }
        System.out.printf("mode=signals warmup=%d tenant=%s signals=%d seconds=%.2f target_per_sec=%.0f"
                + " signals_per_sec=%.0f sent_late=%d%n", warmup, tenant, count, seconds, rate, count / seconds, late);
    }

    /** A red band change of a high-touch account with a CSM, as scoring publishes it: the default library makes one task of it. */
    static byte[] signal(String tenant, String account) {
        String id = UUID.randomUUID().toString();
        String now = Instant.now().toString();
        return ("{\"id\":\"" + id + "\",\"type\":\"health.signal\",\"tenantId\":\"" + tenant + "\",\"accountId\":\""
                + account + "\",\"eventTime\":\"" + now + "\",\"publishTime\":\"" + now + "\",\"payload\":{"
                + "\"signalId\":\"" + id + "\",\"signalType\":\"HEALTH_BAND_CHANGED\",\"score\":41.5,\"band\":\"red\","
                + "\"userId\":\"u1\",\"reason\":\"Health went from yellow to red\","
                + "\"snapshot\":{\"computedScore\":41.5,\"partial\":false,\"scorecardVersion\":1,\"churnProbability\":0.41,"
                + "\"churnLevel\":\"medium\",\"trend7d\":-18.0,\"trend30d\":-22.5,\"overridden\":false},"
                + "\"account\":{\"name\":\"" + account + "\",\"plan\":\"enterprise\",\"mrr\":650000,\"currency\":\"JPY\","
                + "\"seats\":120,\"activeUsers30d\":3,\"contractStart\":\"2026-01-01\",\"renewalDate\":\"2027-06-30\","
                + "\"csmOwner\":\"kim@vendor.example\",\"tier\":\"high-touch\",\"stage\":\"adoption\","
                + "\"primaryContact\":\"ceo@" + account + ".example\",\"tierBasis\":\"revenue\","
                + "\"activeUserIds\":[\"u1\",\"u2\",\"u3\"]},\"explanation\":null}}").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Waits until the tenant has {@code count} tasks, then the quantiles of commit time minus
     * the signal record's timestamp, over all of them.
     */
    static void latency(String jdbcUrl, String tenant, long count, long timeoutSeconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        try (Connection connection = DriverManager.getConnection(jdbcUrl)) {
            long stored = 0;
            while ((stored = count(connection, tenant)) < count) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("only " + stored + " of " + count + " tasks after " + timeoutSeconds + " s");
                }
                Thread.sleep(200);
            }
            List<Double> millis = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement("""
                    select extract(epoch from pg_xact_commit_timestamp(xmin) - signal_published_at) * 1000
                    from playbook.cs_task where tenant_id = ?""")) {
                query.setString(1, tenant);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        millis.add(rows.getDouble(1));
                    }
                }
            }
            millis.sort(Double::compare);
            System.out.printf("mode=latency tenant=%s tasks=%d p50_ms=%.1f p90_ms=%.1f p99_ms=%.1f p999_ms=%.1f max_ms=%.1f%n",
                    tenant, millis.size(), quantile(millis, 0.50), quantile(millis, 0.90), quantile(millis, 0.99),
                    quantile(millis, 0.999), millis.get(millis.size() - 1));
        }
    }

    static long count(Connection connection, String tenant) throws Exception {
        try (PreparedStatement query = connection.prepareStatement("select count(*) from playbook.cs_task where tenant_id = ?")) {
            query.setString(1, tenant);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** The nearest-rank quantile. */
    static double quantile(List<Double> sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    static void commitTimestamps(String jdbcUrl) throws Exception {
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("show track_commit_timestamp")) {
            rows.next();
            if (!"on".equals(rows.getString(1))) {
                System.err.println("PostgreSQL does not track commit timestamps (track_commit_timestamp is off): restart it"
                        + " with ./touchline down && ./touchline up, or set it on the server of TOUCHLINE_DB_URL");
                System.exit(1);
            }
        }
        System.out.println("mode=commit-ts on");
    }
}
