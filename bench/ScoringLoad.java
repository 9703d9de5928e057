import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;

/**
 * Kafka load and measurement for the scoring benchmark (bench/scoring-benchmark): fills
 * usage-events with envelopes shaped as ingest-service writes them, sends them at a fixed rate
 * for the latency measurement, waits until a consumer group has drained a topic, and reads
 * quantiles from the difference of two snapshots of a Prometheus histogram.
 *
 * Needs only the JDK and the jars of .touchline/lib/kafka (kafka-clients, and jackson-core, which
 * the broker brings along).
 *
 * Usage: java -cp ".touchline/lib/kafka/*" bench/ScoringLoad.java <mode> ...
 *   fill      <bootstrap> <tenant> <events> <accounts>
 *   paced     <bootstrap> <tenant> <events> <accounts> <ratePerSec>
 *   ends      <bootstrap> <topic> <file>           writes the topic's end offsets, "partition offset" per line
 *   drain     <bootstrap> <group> <topic> <expectedEndOffsetsFile|none> <timeoutSeconds> [startEpochMillis|-] [warmAfter] [jvmPid|-] [firstEvents]
 *   published <bootstrap> <tenant> <minSeconds> <quietSeconds>   latency of the tenant's health-scores and health-signals as a consumer receives them
 *   quantiles <metricsUrl> <beforeFile> <afterFile> fetches metricsUrl into afterFile, then compares it with beforeFile
 *   forget-ids <jdbcUrl>                          empties scoring's dedupe window (needs the PostgreSQL JDBC driver on the class path)
 */
public class ScoringLoad {

    static final String TOPIC = "usage-events";

    /** The histogram scoring-service publishes: event time to the commit of the score (hop="score"). */
    static final String LATENCY_BUCKETS = "touchline_pipeline_latency_seconds_bucket";
    static final String LATENCY_HOP = "hop=\"score\"";

    /** Fixed, so every run sends the same mix of events over the same accounts. */
    static final long SEED = 20261124L;

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage();
        }
        switch (args[0]) {
            case "fill" -> {
                need(args, 5);
                fill(args[1], args[2], Long.parseLong(args[3]), Integer.parseInt(args[4]));
            }
            case "paced" -> {
                need(args, 6);
                paced(args[1], args[2], Long.parseLong(args[3]), Integer.parseInt(args[4]),
                        Double.parseDouble(args[5]));
            }
            case "ends" -> {
                need(args, 4);
                ends(args[1], args[2], Path.of(args[3]));
            }
            case "drain" -> {
                need(args, 6);
                drain(args[1], args[2], args[3], args[4], Long.parseLong(args[5]),
                        args.length > 6 && !args[6].equals("-") ? Long.valueOf(args[6]) : null,
                        args.length > 7 ? Long.parseLong(args[7]) : 0,
                        args.length > 8 && !args[8].equals("-") ? new CompilerCpu(Long.parseLong(args[8])) : null,
                        args.length > 9 ? Long.parseLong(args[9]) : 0);
            }
            case "published" -> {
                need(args, 5);
                published(args[1], args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]));
            }
            case "quantiles" -> {
                need(args, 4);
                quantiles(args[1], Path.of(args[2]), Path.of(args[3]));
            }
            case "forget-ids" -> {
                need(args, 2);
                forgetIds(args[1]);
            }
            default -> usage();
        }
    }

    /**
     * Empties scoring-service's dedupe window while it is stopped, as the replay procedure does
     * (docs/operations.md): every run then starts as a day's first drain, instead of holding the
     * ids of every run of the last 24 h in its heap.
     */
    static void forgetIds(String jdbcUrl) throws Exception {
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(jdbcUrl);
                java.sql.Statement statement = connection.createStatement()) {
            statement.execute("truncate scoring.seen_ids, scoring.seen_partition");
        }
        System.out.println("mode=forget-ids");
    }

    // ---- fill and paced: usage envelopes on usage-events ----

    /** As fast as the producer takes them; the clock only reports how long filling took. */
    static void fill(String bootstrap, String tenant, long events, int accounts) throws Exception {
        Events source = new Events(tenant, "fill", accounts);
        Sent sent = new Sent();
        long start = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
            for (long n = 0; n < events; n++) {
                Instant now = Instant.now();
                source.next(n, now, now);
                producer.send(new ProducerRecord<>(TOPIC, source.key, source.value), sent);
            }
            producer.flush();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        sent.check();
        System.out.printf("mode=fill tenant=%s events=%d accounts=%d seconds=%.2f events_per_sec=%.0f avg_bytes=%.0f%n",
                tenant, events, accounts, seconds, events / seconds, (double) source.bytes / events);
    }

    /**
     * A fixed rate: event n is due at start + n / rate; whatever is due is sent, then the thread
     * sleeps until the next one is due, in slices of at most 1 ms. eventTime and publishTime are
     * the moment of sending, so the histogram measures from there.
     */
    static void paced(String bootstrap, String tenant, long events, int accounts, double rate) throws Exception {
        // Ids of their own per run: a second paced run for the tenant must not repeat the first's ids,
        // which scoring would rightly skip as duplicates.
        Events source = new Events(tenant, "paced-" + System.currentTimeMillis(), accounts);
        Sent sent = new Sent();
        double nanosPerEvent = 1e9 / rate;
        long start = System.nanoTime();
        Instant origin = Instant.now();
        try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
            long n = 0;
            while (n < events) {
                long due = Math.min(events, (long) ((System.nanoTime() - start) / nanosPerEvent) + 1);
                while (n < due) {
                    // Open loop: each event is stamped with the moment it was due, not the moment
                    // it went out, so a send held up by a stall still counts the wait.
                    Instant intended = origin.plusNanos((long) (n * nanosPerEvent));
                    source.next(n, intended, intended);
                    producer.send(new ProducerRecord<>(TOPIC, source.key, source.value), sent);
                    n++;
                }
                long wait = start + (long) (n * nanosPerEvent) - System.nanoTime();
                if (n < events && wait > 0) {
                    LockSupport.parkNanos(Math.min(wait, 1_000_000L));
                }
            }
            producer.flush();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        sent.check();
        System.out.printf("mode=paced tenant=%s events=%d accounts=%d seconds=%.2f target_per_sec=%.0f events_per_sec=%.0f%n",
                tenant, events, accounts, seconds, rate, events / seconds);
    }

    /** As ingest-service produces to usage-events (docs/event-schemas.md), with a larger batch. */
    static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "scoring-bench-load");
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /** Counts failed sends; any failure fails the run, since a missing event would never drain. */
    static final class Sent implements Callback {
        final AtomicLong failed = new AtomicLong();
        final AtomicReference<Exception> first = new AtomicReference<>();

        @Override
        public void onCompletion(RecordMetadata metadata, Exception error) {
            if (error != null) {
                failed.incrementAndGet();
                first.compareAndSet(null, error);
            }
        }

        void check() {
            if (failed.get() > 0) {
                System.err.println(failed.get() + " sends failed; first: " + first.get());
                System.exit(1);
            }
        }
    }

    /**
     * The usage envelopes: about 1 in 50 a group call with account traits, the rest track calls
     * of the names scoring-service counts (docs/scoring-model.md) and some it does not, from users
     * u1..u20, over accounts acct-0..acct-(accounts-1), chosen by a seeded random. The JSON is the
     * envelope as EnvelopeCodec writes it (fields in its order, compact), around the payload
     * ingest-service makes of an SDK message without client timestamps: the client's fields, then
     * receivedAt, timestamp and historical, then accountTraits on group calls.
     */
    static final class Events {
        static final String[] FEATURES = {"reports", "dashboards", "alerts", "exports", "integrations", "api-keys",
            "automations", "sso"};
        static final String[] STEPS = {"install-sdk", "connect-data", "invite-team", "create-dashboard", "set-alerts"};

        final String tenant;
        final String idPrefix;
        final int accounts;
        final SplittableRandom random = new SplittableRandom(SEED);
        final JsonFactory json = new JsonFactory();
        String key;
        byte[] value;
        long bytes;

        /** idPrefix keeps envelope ids of fill and paced apart: scoring drops a repeated id as a duplicate. */
        Events(String tenant, String idPrefix, int accounts) {
            this.tenant = tenant;
            this.idPrefix = idPrefix;
            this.accounts = accounts;
        }

        void next(long n, Instant eventTime, Instant publishTime) {
            int accountIndex = random.nextInt(accounts);
            String account = "acct-" + accountIndex;
            String user = "u" + (1 + random.nextInt(20));
            boolean group = random.nextInt(50) == 0;
            String messageId = idPrefix + "-" + n;
            String event = eventTime.toString();
            String publish = publishTime.toString();
            try (ByteArrayBuilder out = new ByteArrayBuilder(768); JsonGenerator g = json.createGenerator(out)) {
                g.writeStartObject();
                g.writeStringField("id", tenant + ":" + messageId);
                g.writeStringField("type", group ? "usage.group" : "usage.track");
                g.writeStringField("tenantId", tenant);
                g.writeStringField("accountId", account);
                g.writeStringField("eventTime", event);
                g.writeStringField("publishTime", publish);
                g.writeFieldName("payload");
                g.writeStartObject();
                g.writeStringField("type", group ? "group" : "track");
                g.writeStringField("messageId", messageId);
                g.writeStringField("userId", user);
                g.writeStringField("groupId", account);
                // Stable per account, so the traits of an account do not jump around.
                int seats = 10 + accountIndex % 491;
                int mrr = seats * 50;
                if (group) {
                    g.writeObjectFieldStart("traits");
                    g.writeNumberField("seats", seats);
                    g.writeNumberField("mrr", mrr);
                    g.writeStringField("currency", "EUR");
                    g.writeEndObject();
                } else {
                    track(g, account);
                }
                g.writeObjectFieldStart("context");
                g.writeObjectFieldStart("library");
                g.writeStringField("name", "analytics-java");
                g.writeStringField("version", "3.5.1");
                g.writeEndObject();
                g.writeEndObject();
                g.writeStringField("receivedAt", publish);
                g.writeStringField("timestamp", event);
                g.writeBooleanField("historical", false);
                if (group) {
                    // AccountTraits as ingest writes it: every field, null when not sent.
                    g.writeObjectFieldStart("accountTraits");
                    g.writeNullField("name");
                    g.writeNullField("plan");
                    g.writeNumberField("mrr", mrr);
                    g.writeStringField("currency", "EUR");
                    g.writeNumberField("seats", seats);
                    g.writeNullField("contractStart");
                    g.writeNullField("renewalDate");
                    g.writeNullField("csmOwner");
                    g.writeNullField("primaryContact");
                    g.writeNullField("employees");
                    g.writeNullField("importance");
                    g.writeNullField("expansionPotential");
                    g.writeEndObject();
                }
                g.writeEndObject();
                g.writeEndObject();
                g.flush();
                value = out.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException("writing JSON to memory cannot fail", e);
            }
            key = tenant + ":" + account;
            bytes += value.length;
        }

        private void track(JsonGenerator g, String account) throws IOException {
            int pick = random.nextInt(100);
            if (pick < 55) {
                g.writeStringField("event", "Feature Used");
                g.writeObjectFieldStart("properties");
                g.writeStringField("feature", FEATURES[random.nextInt(FEATURES.length)]);
                g.writeNumberField("durationMs", random.nextInt(5000));
            } else if (pick < 75) {
                g.writeStringField("event", "Dashboard Viewed");
                g.writeObjectFieldStart("properties");
                g.writeStringField("path", "/app/dashboards/overview");
            } else if (pick < 85) {
                g.writeStringField("event", "Setup Step Completed");
                g.writeObjectFieldStart("properties");
                g.writeStringField("step", STEPS[random.nextInt(STEPS.length)]);
            } else if (pick < 93) {
                g.writeStringField("event", "Report Exported");
                g.writeObjectFieldStart("properties");
                g.writeStringField("format", "csv");
                g.writeNumberField("rows", random.nextInt(10_000));
            } else if (pick < 96) {
                g.writeStringField("event", "Ticket Opened");
                g.writeObjectFieldStart("properties");
                g.writeStringField("ticketId", account + "-t" + random.nextInt(10));
            } else if (pick < 98) {
                g.writeStringField("event", "Ticket Closed");
                g.writeObjectFieldStart("properties");
                g.writeStringField("ticketId", account + "-t" + random.nextInt(10));
            } else {
                g.writeStringField("event", "Survey Responded");
                g.writeObjectFieldStart("properties");
                g.writeNumberField("score", random.nextInt(11));
                g.writeStringField("scale", "nps");
            }
            g.writeEndObject();
        }
    }

    // ---- ends and drain: consumer group lag through the Admin client ----

    static void ends(String bootstrap, String topic, Path file) throws Exception {
        try (Admin admin = admin(bootstrap)) {
            Map<TopicPartition, Long> ends = offsets(admin, partitions(admin, topic), OffsetSpec.latest());
            StringBuilder text = new StringBuilder();
            byPartition(ends).forEach((p, o) -> text.append(p).append(' ').append(o).append('\n'));
            Files.writeString(file, text);
            long total = ends.values().stream().mapToLong(Long::longValue).sum();
            System.out.printf("mode=ends topic=%s partitions=%d end_offsets_total=%d file=%s%n", topic, ends.size(),
                    total, file);
        }
    }

    /**
     * Polls every 100 ms until the group's committed offset on every partition has reached the
     * end offset: the topic's current one, or the one in the file (written by "ends"). Seconds
     * count from startEpochMillis when given (e.g. the moment the consumer became ready), else
     * from this call. Committed offsets trail processing by the consumer's commit interval, so
     * the time includes the last commit.
     * <p>
     * With {@code warmAfter} > 0 it also reports the rate after the first {@code warmAfter} events
     * committed (counted from this call's first look): the events committed from the first look
     * that found that many until the end, over that time, when the consumer's JIT has compiled its
     * hot paths. It fails when none are left to rate. Given the consumer's JVM ({@code compiler}),
     * it also reports the CPU its JIT compiler threads used over that time: a rate measured while
     * they still work is not yet the steady one. With {@code firstEvents} > 0 it reports the rate
     * of the first that many events committed too: a JVM's cold start, whatever the warm-up.
     */
    static void drain(String bootstrap, String group, String topic, String expectedFile, long timeoutSeconds,
            Long startEpochMillis, long warmAfter, CompilerCpu compiler, long firstEvents) throws Exception {
        long startNanos = System.nanoTime();
        long deadline = startNanos + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        try (Admin admin = admin(bootstrap)) {
            List<TopicPartition> partitions = partitions(admin, topic);
            Map<TopicPartition, Long> expected = expectedFile.equals("none") ? null : readEnds(topic, Path.of(expectedFile));
            Map<TopicPartition, Long> earliest = null;
            long firstLag = -1;
            long warmFromNanos = 0;
            long warmFromDone = -1;
            long firstDone = -1;
            double firstSeconds = 0;
            while (true) {
                Map<TopicPartition, Long> ends = expected != null ? expected : offsets(admin, partitions, OffsetSpec.latest());
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                long lag = 0;
                Map<Integer, Long> lagByPartition = new TreeMap<>();
                for (TopicPartition tp : ends.keySet()) {
                    OffsetAndMetadata offset = committed.get(tp);
                    long position;
                    if (offset != null) {
                        position = offset.offset();
                    } else {
                        // Nothing committed yet: the group (auto.offset.reset=earliest) starts at the log start.
                        if (earliest == null) {
                            earliest = offsets(admin, partitions, OffsetSpec.earliest());
                        }
                        position = earliest.getOrDefault(tp, 0L);
                    }
                    long behind = Math.max(0, ends.get(tp) - position);
                    lagByPartition.put(tp.partition(), behind);
                    lag += behind;
                }
                if (firstLag < 0) {
                    firstLag = lag;
                }
                if (compiler != null) {
                    compiler.sample();
                }
                // Events scored before the first look are not counted, though their time is: the rate errs low.
                if (firstEvents > 0 && firstDone < 0 && firstLag - lag >= Math.min(firstEvents, firstLag)) {
                    firstDone = firstLag - lag;
                    firstSeconds = startEpochMillis != null ? (System.currentTimeMillis() - startEpochMillis) / 1e3
                            : (System.nanoTime() - startNanos) / 1e9;
                }
                if (warmAfter > 0 && warmFromDone < 0 && firstLag - lag >= warmAfter) {
                    warmFromNanos = System.nanoTime();
                    warmFromDone = firstLag - lag;
                    if (compiler != null) {
                        compiler.mark();
                    }
                }
                if (lag == 0) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    System.err.printf("drain: group %s still %d behind on %s after %d s, by partition %s%n", group, lag,
                            topic, timeoutSeconds, lagByPartition);
                    System.exit(2);
                }
                Thread.sleep(100);
            }
            long endNanos = System.nanoTime();
            double seconds = startEpochMillis != null ? (System.currentTimeMillis() - startEpochMillis) / 1e3
                    : (endNanos - startNanos) / 1e9;
            System.out.printf("mode=drain group=%s topic=%s lag_at_start=%d seconds=%.2f%n", group, topic, firstLag,
                    seconds);
            if (firstDone > 0) {
                System.out.printf("mode=first events=%d seconds=%.2f events_per_sec=%.0f%n", firstDone, firstSeconds,
                        firstDone / firstSeconds);
            }
            if (warmAfter > 0) {
                long warmEvents = warmFromDone < 0 ? 0 : firstLag - warmFromDone;
                if (warmEvents == 0) {
                    // The warm-up was never passed before the end: nothing to rate.
                    System.err.printf("drain: no events committed after the first %d (lag at start %d); nothing"
                            + " to rate warm%n", warmAfter, firstLag);
                    System.exit(4);
                }
                double warmSeconds = (endNanos - warmFromNanos) / 1e9;
                System.out.printf("mode=warm after=%d events=%d seconds=%.2f events_per_sec=%.0f%s%n", warmFromDone,
                        warmEvents, warmSeconds, warmEvents / warmSeconds,
                        compiler == null ? "" : String.format(" jit_cpu_seconds=%.1f", compiler.sinceMark()));
            }
        }
    }

    /**
     * CPU time of a JVM's JIT compiler threads (C1, C2) from /proc, in clock ticks of 1/100 s.
     * Compiler threads come and go with the compile queue, so each is followed by its id and
     * keeps the last time it was seen with.
     */
    static final class CompilerCpu {

        private final Path tasks;
        private final Map<String, Boolean> isCompiler = new HashMap<>();
        private final Map<String, Long> ticks = new HashMap<>();
        private Map<String, Long> atMark = Map.of();

        CompilerCpu(long pid) {
            this.tasks = Path.of("/proc", Long.toString(pid), "task");
        }

        void sample() throws IOException {
            if (!Files.isDirectory(tasks)) {
                return;
            }
            try (var ids = Files.list(tasks)) {
                for (Path task : (Iterable<Path>) ids::iterator) {
                    String id = task.getFileName().toString();
                    try {
                        if (isCompiler.computeIfAbsent(id, x -> comm(task).matches("C[12] CompilerThre.*"))) {
                            // utime and stime: fields 14 and 15, the 12th and 13th after the ") " closing the name.
                            String stat = Files.readString(task.resolve("stat"));
                            String[] f = stat.substring(stat.lastIndexOf(") ") + 2).split(" ");
                            ticks.put(id, Long.parseLong(f[11]) + Long.parseLong(f[12]));
                        }
                    } catch (IOException | UncheckedIOException e) {
                        // The thread ended between the listing and the read: its last sample stands.
                    }
                }
            }
        }

        void mark() {
            atMark = new HashMap<>(ticks);
        }

        double sinceMark() {
            long sum = 0;
            for (Map.Entry<String, Long> t : ticks.entrySet()) {
                sum += t.getValue() - atMark.getOrDefault(t.getKey(), 0L);
            }
            return sum / 100.0;
        }

        private static String comm(Path task) {
            try {
                return Files.readString(task.resolve("comm")).strip();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static Admin admin(String bootstrap) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "scoring-bench-admin");
        return Admin.create(props);
    }

    static List<TopicPartition> partitions(Admin admin, String topic) throws Exception {
        List<TopicPartition> partitions = new ArrayList<>();
        admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions()
                .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        return partitions;
    }

    static Map<TopicPartition, Long> offsets(Admin admin, List<TopicPartition> partitions, OffsetSpec spec)
            throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        Map<TopicPartition, Long> offsets = new HashMap<>();
        admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> offsets.put(tp, info.offset()));
        return offsets;
    }

    static Map<TopicPartition, Long> readEnds(String topic, Path file) throws IOException {
        Map<TopicPartition, Long> ends = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length == 2 && !fields[0].startsWith("#")) {
                ends.put(new TopicPartition(topic, Integer.parseInt(fields[0])), Long.parseLong(fields[1]));
            }
        }
        if (ends.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no \"partition offset\" lines");
        }
        return ends;
    }

    static TreeMap<Integer, Long> byPartition(Map<TopicPartition, Long> offsets) {
        TreeMap<Integer, Long> result = new TreeMap<>();
        offsets.forEach((tp, o) -> result.put(tp.partition(), o));
        return result;
    }

    // ---- quantiles: from two snapshots of a Prometheus histogram ----

    private static final Pattern LE = Pattern.compile("le=\"([^\"]+)\"");

    /**
     * The observations between the two snapshots are the differences of the cumulative bucket
     * counts; a quantile is interpolated linearly inside the bucket it falls in, as Prometheus'
     * histogram_quantile does. One in the +Inf bucket is reported as above the largest bound.
     */
    static void quantiles(String metricsUrl, Path beforeFile, Path afterFile) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(metricsUrl))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            fail("GET " + metricsUrl + " answered " + response.statusCode());
        }
        Files.writeString(afterFile, response.body());
        TreeMap<Double, Double> before = buckets(Files.readString(beforeFile));
        TreeMap<Double, Double> after = buckets(response.body());
        if (after.isEmpty()) {
            fail("no " + LATENCY_BUCKETS + " at " + metricsUrl
                    + " (scoring-service needs the histogram touchline.pipeline.latency{hop=score})");
        }
        TreeMap<Double, Double> delta = new TreeMap<>();
        for (Map.Entry<Double, Double> bucket : after.entrySet()) {
            double count = bucket.getValue() - before.getOrDefault(bucket.getKey(), 0.0);
            if (count < 0) {
                fail("bucket le=" + bucket.getKey() + " went down between the snapshots: did scoring-service restart?");
            }
            delta.put(bucket.getKey(), count);
        }
        Double total = delta.get(Double.POSITIVE_INFINITY);
        if (total == null || total == 0) {
            fail("no observations between the snapshots");
        }
        System.out.printf("mode=quantiles events=%.0f p50_ms=%s p99_ms=%s p999_ms=%s%n", total,
                quantile(delta, 0.50, total), quantile(delta, 0.99, total), quantile(delta, 0.999, total));
    }

    /** Cumulative counts by upper bound (le), summed over all series of the histogram. */
    static TreeMap<Double, Double> buckets(String metrics) {
        TreeMap<Double, Double> buckets = new TreeMap<>();
        for (String line : metrics.split("\n")) {
            if (!line.startsWith(LATENCY_BUCKETS + "{") || !line.contains(LATENCY_HOP)) {
                continue;
            }
            int close = line.lastIndexOf('}');
            Matcher le = LE.matcher(line.substring(0, close));
            if (!le.find()) {
                continue;
            }
            double bound = le.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le.group(1));
            double count = Double.parseDouble(line.substring(close + 1).trim().split("\\s+")[0]);
            buckets.merge(bound, count, Double::sum);
        }
        return buckets;
    }

    static String quantile(TreeMap<Double, Double> cumulative, double q, double total) {
        double rank = q * total;
        double lowerBound = 0;
        double lowerCount = 0;
        for (Map.Entry<Double, Double> bucket : cumulative.entrySet()) {
            if (bucket.getValue() >= rank) {
                if (bucket.getKey().isInfinite()) {
                    return String.format(">%.1f", lowerBound * 1e3);
                }
                double inBucket = bucket.getValue() - lowerCount;
                double fraction = inBucket == 0 ? 1 : (rank - lowerCount) / inBucket;
                return String.format("%.1f", (lowerBound + (bucket.getKey() - lowerBound) * fraction) * 1e3);
            }
            lowerBound = bucket.getKey();
            lowerCount = bucket.getValue();
        }
        return String.format(">%.1f", lowerBound * 1e3);
    }

    // ---- usage ----

    static void need(String[] args, int count) {
        if (args.length < count) {
            usage();
        }
    }

    static void fail(String message) {
        System.err.println("quantiles: " + message);
        System.exit(3);
    }

    static final Pattern TENANT = Pattern.compile("\"tenantId\":\"([^\"]*)\"");
    static final Pattern EVENT_TIME = Pattern.compile("\"eventTime\":\"([^\"]*)\"");

    /**
     * Reads health-scores and health-signals from their end, as a consumer downstream of scoring
     * sees them, and reports how long after its usage event was due each of the tenant's messages
     * arrived: the envelope's eventTime is the time of the event that caused it. Stops once
     * minSeconds have passed and nothing of the tenant came for quietSeconds.
     */
    static void published(String bootstrap, String tenant, int minSeconds, int quietSeconds) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("key.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
        props.put("value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        props.put("fetch.max.wait.ms", "10");
        props.put("client.id", "scoring-bench-published");
        Map<String, List<Long>> latencies = new TreeMap<>();
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<byte[], String>(props)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of("health-scores", "health-signals")) {
                latencies.put(topic, new ArrayList<>());
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            System.err.println("published: watching " + partitions.size() + " partitions");
            long start = System.nanoTime();
            long lastSeen = start;
            while (System.nanoTime() - start < minSeconds * 1_000_000_000L
                    || System.nanoTime() - lastSeen < quietSeconds * 1_000_000_000L) {
                for (var record : consumer.poll(Duration.ofMillis(50))) {
                    long now = System.currentTimeMillis();
                    Matcher t = TENANT.matcher(record.value());
                    Matcher e = EVENT_TIME.matcher(record.value());
                    if (t.find() && t.group(1).equals(tenant) && e.find()) {
                        latencies.get(record.topic()).add(now - Instant.parse(e.group(1)).toEpochMilli());
                        lastSeen = System.nanoTime();
                    }
                }
            }
        }
        latencies.forEach((topic, values) -> {
            long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.printf("mode=published topic=%s messages=%d p50_ms=%s p99_ms=%s p999_ms=%s max_ms=%s%n", topic,
                    sorted.length, rank(sorted, 0.50), rank(sorted, 0.99), rank(sorted, 0.999),
                    sorted.length == 0 ? "-" : Long.toString(sorted[sorted.length - 1]));
        });
    }

    /** The value at quantile q of sorted values (nearest rank), or "-" without any. */
    static String rank(long[] sorted, double q) {
        return sorted.length == 0 ? "-" : Long.toString(sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]);
    }

    static void usage() {
        System.err.println("""
                usage: java -cp ".touchline/lib/kafka/*" bench/ScoringLoad.java <mode> ...
                  fill      <bootstrap> <tenant> <events> <accounts>
                  paced     <bootstrap> <tenant> <events> <accounts> <ratePerSec>
                  ends      <bootstrap> <topic> <file>
                  drain     <bootstrap> <group> <topic> <expectedEndOffsetsFile|none> <timeoutSeconds> [startEpochMillis|-] [warmAfter] [jvmPid|-] [firstEvents]
                  published <bootstrap> <tenant> <minSeconds> <quietSeconds>
                  quantiles <metricsUrl> <beforeFile> <afterFile>""");
        System.exit(64);
    }
}
