package io.touchline.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The end-to-end load of {@code ./touchline bench}, through the public ingest API with every
 * service running:
 *
 * <pre>
 *   capacity &lt;ingest-url&gt; &lt;write-key&gt; &lt;bootstrap&gt; &lt;label&gt; &lt;events&gt; &lt;results&gt; &lt;out-dir&gt; name=pid...
 *       posts events as fast as 16 batches in flight allow and times until scoring-service has
 *       committed all of them: the highest rate the whole pipeline sustains
 *   paced &lt;ingest-url&gt; &lt;write-key&gt; &lt;bootstrap&gt; &lt;jdbc-url&gt; &lt;tenant&gt; &lt;label&gt; &lt;rate&gt; &lt;seconds&gt; &lt;results&gt; &lt;out-dir&gt; name=pid...
 *       open loop at a fixed rate; per hop, latency from each event's due time to its score
 *       published, its signal published, its task published and its message delivered
 *   idle &lt;label&gt; &lt;seconds&gt; &lt;results&gt; &lt;out-dir&gt; name=pid...
 *       resident memory of the named processes while nothing is sent
 * </pre>
 *
 * Figures go to the results file as {@code name=value} lines (see {@link Results}); resident
 * memory over time to {@code out-dir/rss.csv}; each hop's whole latency distribution to
 * {@code out-dir/e2e-<label>-<hop>.hgrm}.
 */
public final class EndToEndLoad {

    static final List<String> HOPS = List.of("score", "signal", "task", "delivery");
    /** One group call in this many events starts a new account (and its welcome signal, task and message). */
    static final int NEW_ACCOUNT_EVERY = 50;
    private static final String USAGE_TOPIC = "usage-events";
    private static final String SCORING_GROUP = "scoring-service";
    /** The services' consumer groups, each on the topics it reads. */
    private static final List<String> GROUPS = List.of(SCORING_GROUP, "playbook-service", "notification-service");
    private static final long TICK_NANOS = 10_000_000;

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage();
        }
        switch (args[0]) {
            case "capacity" -> capacity(args);
            case "paced" -> paced(args);
            case "idle" -> idle(args);
            default -> usage();
        }
    }

    private static void usage() {
        System.err.println("usage: EndToEndLoad capacity|paced|idle ... (see the class comment)");
        System.exit(2);
    }

    static void capacity(String[] args) throws Exception {
        String ingestUrl = args[1], key = args[2], bootstrap = args[3], label = args[4];
        long events = Long.parseLong(args[5]);
        Path results = Path.of(args[6]);
        Path out = Path.of(args[7]);
        Files.createDirectories(out);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            awaitScored(admin, ends(admin), Duration.ofMinutes(10));
            RssSampler rss = new RssSampler(label, pids(args, 8), out.resolve("rss.csv"));
            rss.start();
            UsageEvents source = new UsageEvents("cap" + System.currentTimeMillis(), NEW_ACCOUNT_EVERY);
            Ingest ingest = new Ingest(ingestUrl, key, 16);
            long start = System.nanoTime();
            int batch = 100;
            for (long n = 0; n < events; n += batch) {
                StringBuilder body = new StringBuilder(batch * 300).append("{\"batch\":[");
                Instant now = Instant.now();
                for (long i = n; i < Math.min(events, n + batch); i++) {
                    if (i > n) {
                        body.append(',');
                    }
                    source.append(body, i, now);
                }
                ingest.post(body.append("]}").toString(), (int) (Math.min(events, n + batch) - n));
            }
            ingest.await();
            awaitScored(admin, ends(admin), Duration.ofMinutes(30));
            double seconds = (System.nanoTime() - start) / 1e9;
            rss.stop();
            double rate = ingest.accepted.get() / seconds;
            System.out.printf(
                    "mode=capacity label=" + label + " events=%d accepted=%d failed=%d seconds=%.2f events_per_sec=%.0f%n",
                    events,
                    ingest.accepted.get(), ingest.failed.get(), seconds, rate);
            Results.append(results, "e2e.capacity_events_per_sec", Math.round(rate));
            Results.append(results, "e2e.capacity_failed", ingest.failed.get());
            rss.peaks().forEach((name, mib) -> Results.append(results, "rss." + label + "." + name + "_mib", mib));
        }
    }

    static void paced(String[] args) throws Exception {
        String ingestUrl = args[1], key = args[2], bootstrap = args[3], jdbcUrl = args[4], tenant = args[5], label = args[6];
        double rate = Double.parseDouble(args[7]);
        int seconds = Integer.parseInt(args[8]);
        Path results = Path.of(args[9]);
        Path out = Path.of(args[10]);
        Map<String, Long> pids = pids(args, 11);
        Files.createDirectories(out);

        // Each rate starts from a pipeline at rest: what an earlier phase left (the capacity burst's
        // welcome tasks and messages, say) would otherwise be measured as this rate's latency.
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            long settling = System.nanoTime();
            awaitSettled(admin, jdbcUrl, Duration.ofMinutes(10));
            Results.append(results, "e2e." + label + ".settle_seconds", Math.round((System.nanoTime() - settling) / 1e9));
        }
        UsageEvents source = new UsageEvents("e2e" + System.currentTimeMillis(), NEW_ACCOUNT_EVERY);
        Map<String, Histogram> hops = new LinkedHashMap<>();
        HOPS.forEach(hop -> hops.put(hop, new Histogram(TimeUnit.HOURS.toMillis(1), 3)));
        Watcher watcher = new Watcher(bootstrap, source.accountPrefix(), hops);
        watcher.start();
        RssSampler rss = new RssSampler(label, pids, out.resolve("rss.csv"));
        rss.start();

        Ingest ingest = new Ingest(ingestUrl, key, 256);
        long total = Math.round(rate * seconds);
        double nanosPerEvent = 1e9 / rate;
        long late = 0;
        Instant origin = Instant.now();
        long start = System.nanoTime();
        long n = 0;
        while (n < total) {
            long due = Math.min(total, (long) ((System.nanoTime() - start) / nanosPerEvent) + 1);
            if (due > n) {
                // Open loop: the events due since the last batch go out now, each stamped with the
                // moment it was due, so any wait (ours, ingest's, the broker's) counts against it.
                long first = n;
                StringBuilder body = new StringBuilder((int) (due - n) * 300 + 16).append("{\"batch\":[");
                for (; n < due; n++) {
                    if (n > first) {
                        body.append(',');
                    }
                    source.append(body, n, origin.plusNanos((long) (n * nanosPerEvent)));
                }
                if (System.nanoTime() - start - (long) (first * nanosPerEvent) > 2 * TICK_NANOS) {
                    late++;
                }
                ingest.post(body.append("]}").toString(), (int) (n - first));
            }
            LockSupport.parkNanos(TICK_NANOS);
        }
        ingest.await();
        long firstSeen = (total + NEW_ACCOUNT_EVERY - 1) / NEW_ACCOUNT_EVERY;
        // Everything downstream has settled when nothing new arrived for 5 s (at most 5 minutes).
        watcher.awaitQuiet(Duration.ofSeconds(5), Duration.ofMinutes(5));
        watcher.stop();
        deliveries(jdbcUrl, tenant, source.accountPrefix(), firstSeen, hops.get("delivery"));
        rss.stop();

        String p = "e2e." + label + ".";
        Results.append(results, p + "rate", rate);
        Results.append(results, p + "sent", ingest.accepted.get());
        Results.append(results, p + "failed", ingest.failed.get());
        Results.append(results, p + "late_batches", late);
        Results.append(results, p + "new_accounts", firstSeen);
        StringBuilder line = new StringBuilder("mode=paced label=" + label + " rate=" + Math.round(rate) + " sent="
                + ingest.accepted.get() + " failed=" + ingest.failed.get() + " late_batches=" + late + " new_accounts="
                + firstSeen);
        for (var hop : hops.entrySet()) {
            Histogram h = hop.getValue();
            String q = p + hop.getKey() + ".";
            Results.append(results, q + "count", h.getTotalCount());
            if (h.getTotalCount() > 0) {
                Results.append(results, q + "p50_ms", h.getValueAtPercentile(50));
                Results.append(results, q + "p99_ms", h.getValueAtPercentile(99));
                Results.append(results, q + "p999_ms", h.getValueAtPercentile(99.9));
                Results.append(results, q + "max_ms", h.getMaxValue());
            }
            line.append(String.format(" %s=%d:%d/%d/%d", hop.getKey(), h.getTotalCount(), h.getValueAtPercentile(50),
                    h.getValueAtPercentile(99), h.getValueAtPercentile(99.9)));
            try (PrintStream file = new PrintStream(
                    Files.newOutputStream(out.resolve("e2e-" + label + "-" + hop.getKey() + ".hgrm")))) {
                h.outputPercentileDistribution(file, 1.0);
            }
        }
        rss.peaks().forEach((name, mib) -> Results.append(results, "rss." + label + "." + name + "_mib", mib));
        System.out.println(line);
    }

    static void idle(String[] args) throws Exception {
        String label = args[1];
        int seconds = Integer.parseInt(args[2]);
        Path results = Path.of(args[3]);
        Path out = Path.of(args[4]);
        Files.createDirectories(out);
        RssSampler rss = new RssSampler(label, pids(args, 5), out.resolve("rss.csv"));
        rss.start();
        Thread.sleep(seconds * 1000L);
        rss.stop();
        rss.last().forEach((name, mib) -> Results.append(results, "rss." + label + "." + name + "_mib", mib));
        System.out.println("mode=idle " + rss.last());
    }

    private static Map<String, Long> pids(String[] args, int from) {
        Map<String, Long> pids = new LinkedHashMap<>();
        for (int i = from; i < args.length; i++) {
            String[] pair = args[i].split("=", 2);
            pids.put(pair[0], Long.parseLong(pair[1]));
        }
        return pids;
    }

    /** Each in-app or email message delivered for the run's accounts, from its event's time to its send. */
    private static void deliveries(String jdbcUrl, String tenant, String accountPrefix, long expected, Histogram into)
            throws Exception {
        String sql = "select request, sent_at from notification.delivery where tenant_id = ? and account_id like ? "
                + "and kind = 'message' and status = 'SENT'";
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        long lastCount = -1;
        long stableSince = System.nanoTime();
        try (var connection = DriverManager.getConnection(jdbcUrl)) {
            while (true) {
                into.reset();
                try (var statement = connection.prepareStatement(sql)) {
                    statement.setString(1, tenant);
                    statement.setString(2, accountPrefix + "%");
                    try (var rows = statement.executeQuery()) {
                        while (rows.next()) {
                            String eventTime = field(rows.getString(1), "eventTime");
                            if (eventTime != null) {
                                record(into, rows.getTimestamp(2).toInstant().toEpochMilli()
                                        - Instant.parse(eventTime).toEpochMilli());
                            }
                        }
                    }
                }
                long count = into.getTotalCount();
                if (count != lastCount) {
                    lastCount = count;
                    stableSince = System.nanoTime();
                }
                if (count >= expected || System.nanoTime() - stableSince > TimeUnit.SECONDS.toNanos(5)
                        || System.nanoTime() > deadline) {
                    return;
                }
                Thread.sleep(500);
            }
        }
    }

    static void record(Histogram histogram, long millis) {
        histogram.recordValue(Math.max(0, Math.min(millis, histogram.getHighestTrackableValue())));
    }

    /** The first string value of a top-level field in an envelope's JSON (the envelope's own come before its payload). */
    static String field(String json, String name) {
        String marker = "\"" + name + "\":\"";
        int at = json.indexOf(marker);
        if (at < 0) {
            return null;
        }
        int from = at + marker.length();
        int to = json.indexOf('"', from);
        return to < 0 ? null : json.substring(from, to);
    }

    /** The end offsets of usage-events now. */
    private static Map<TopicPartition, Long> ends(Admin admin) throws Exception {
        Set<TopicPartition> partitions = admin.describeTopics(List.of(USAGE_TOPIC)).allTopicNames().get().get(USAGE_TOPIC)
                .partitions()
                .stream().map(p -> new TopicPartition(USAGE_TOPIC, p.partition())).collect(Collectors.toSet());
        return admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()))).all().get()
                .entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    /** Waits until scoring-service's committed offsets reach the given ends: every event scored, state and outbox committed. */
    private static void awaitScored(Admin admin, Map<TopicPartition, Long> ends, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(SCORING_GROUP)
                    .partitionsToOffsetAndMetadata().get();
            boolean done = ends.entrySet().stream().allMatch(e -> e.getValue() == 0
                    || (committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue()));
            if (done) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "scoring-service did not reach " + ends + " within " + timeout + "; committed " + committed);
            }
            Thread.sleep(100);
        }
    }

    /**
     * Waits until every service's consumer group has committed everything on its topics and
     * notification-service has no delivery due, twice in a row a second apart.
     */
    private static void awaitSettled(Admin admin, String jdbcUrl, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        int quietLooks = 0;
        try (var connection = DriverManager.getConnection(jdbcUrl)) {
            while (quietLooks < 2) {
                long behind = 0;
                for (String group : GROUPS) {
                    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                            .partitionsToOffsetAndMetadata()
                            .get();
                    Map<TopicPartition, Long> ends = admin
                            .listOffsets(
                                    committed.keySet().stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                            .all().get()
                            .entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
                    for (var end : ends.entrySet()) {
                        OffsetAndMetadata at = committed.get(end.getKey());
                        behind += Math.max(0, end.getValue() - (at == null ? 0 : at.offset()));
                    }
                }
                try (var statement = connection.createStatement();
                        var rows = statement.executeQuery(
                                "select count(*) from notification.delivery where status = 'PENDING' and next_attempt_at <= now()")) {
                    rows.next();
                    behind += rows.getLong(1);
                }
                quietLooks = behind == 0 ? quietLooks + 1 : 0;
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "the pipeline did not settle within " + timeout + "; " + behind + " still behind");
                }
                Thread.sleep(1000);
            }
        }
    }

    /** Posts batches to ingest's /v1/batch with at most a number of requests in flight. */
    static final class Ingest {
        final AtomicLong accepted = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        private final URI target;
        private final String auth;
        private final Semaphore inFlight;
        private final int permits;

        Ingest(String url, String key, int inFlight) {
            this.target = URI.create(url + "/v1/batch");
            this.auth = "Basic " + Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.UTF_8));
            this.inFlight = new Semaphore(inFlight);
            this.permits = inFlight;
        }

        void post(String body, int events) throws InterruptedException {
            inFlight.acquire();
            HttpRequest request = HttpRequest.newBuilder(target).header("Authorization", auth)
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            CompletableFuture<HttpResponse<String>> call = client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
            call.whenComplete((response, error) -> {
                inFlight.release();
                if (error == null && response.statusCode() == 200) {
                    accepted.addAndGet(events);
                } else {
                    if (failed.getAndAdd(events) == 0) {
                        System.err.println("ingest refused a batch: "
                                + (error != null ? error : response.statusCode() + " " + response.body()));
                    }
                }
            });
        }

        void await() throws InterruptedException {
            inFlight.acquire(permits);
            inFlight.release(permits);
        }
    }

    /**
     * Reads health-scores, health-signals and cs-tasks from their end, as a consumer downstream
     * sees them, and records for each message about the run's accounts how long after its usage
     * event's time (every derived message carries it as eventTime) it arrived.
     */
    static final class Watcher {
        private static final Map<String, String> HOP_OF_TOPIC = Map.of("health-scores", "score", "health-signals", "signal",
                "cs-tasks",
                "task");
        private final Properties props = new Properties();
        private final String accountPrefix;
        private final Map<String, Histogram> hops;
        private final AtomicLong lastArrival = new AtomicLong(System.nanoTime());
        private volatile boolean running = true;
        private volatile RuntimeException failure;
        private Thread thread;

        Watcher(String bootstrap, String accountPrefix, Map<String, Histogram> hops) {
            props.put("bootstrap.servers", bootstrap);
            props.put("key.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
            props.put("value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
            props.put("fetch.max.wait.ms", "10");
            props.put("client.id", "touchline-bench-watcher");
            this.accountPrefix = accountPrefix;
            this.hops = hops;
        }

        void start() throws InterruptedException {
            CompletableFuture<Void> positioned = new CompletableFuture<>();
            thread = new Thread(() -> run(positioned), "watcher");
            thread.setDaemon(true);
            thread.start();
            positioned.join();
        }

        private void run(CompletableFuture<Void> positioned) {
            try (KafkaConsumer<byte[], String> consumer = new KafkaConsumer<>(props)) {
                List<TopicPartition> partitions = new ArrayList<>();
                for (String topic : HOP_OF_TOPIC.keySet()) {
                    consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
                }
                consumer.assign(partitions);
                consumer.seekToEnd(partitions);
                partitions.forEach(consumer::position);
                positioned.complete(null);
                while (running) {
                    for (var record : consumer.poll(Duration.ofMillis(50))) {
                        long now = System.currentTimeMillis();
                        String value = record.value();
                        String account = field(value, "accountId");
                        if (account == null || !account.startsWith(accountPrefix)) {
                            continue;
                        }
                        if (record.topic().equals("cs-tasks") && !"cs.task.created".equals(field(value, "type"))) {
                            continue;
                        }
                        String eventTime = field(value, "eventTime");
                        if (eventTime != null) {
                            Histogram histogram = hops.get(HOP_OF_TOPIC.get(record.topic()));
                            synchronized (histogram) {
                                record(histogram, now - Instant.parse(eventTime).toEpochMilli());
                            }
                            lastArrival.set(System.nanoTime());
                        }
                    }
                }
            } catch (RuntimeException e) {
                failure = e;
                positioned.completeExceptionally(e);
            }
        }

        void awaitQuiet(Duration quiet, Duration atMost) throws InterruptedException {
            long deadline = System.nanoTime() + atMost.toNanos();
            while (failure == null && System.nanoTime() - lastArrival.get() < quiet.toNanos() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
        }

        /** Stops reading; fails if reading failed, rather than reporting a hop with messages missing. */
        void stop() throws InterruptedException {
            running = false;
            thread.join();
            if (failure != null) {
                throw new IllegalStateException("reading the derived topics failed", failure);
            }
        }
    }

    /** Samples the named processes' resident memory (VmRSS) every second into a CSV file. */
    static final class RssSampler {
        private final String label;
        private final Map<String, Long> pids;
        private final Path csv;
        private final Map<String, Long> peaks = new ConcurrentHashMap<>();
        private final Map<String, Long> last = new ConcurrentHashMap<>();
        private volatile boolean running = true;
        private Thread thread;

        RssSampler(String label, Map<String, Long> pids, Path csv) {
            this.label = label;
            this.pids = pids;
            this.csv = csv;
        }

        void start() {
            thread = new Thread(this::run, "rss");
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            while (running) {
                StringBuilder lines = new StringBuilder();
                long now = System.currentTimeMillis();
                pids.forEach((name, pid) -> {
                    long mib = rssKb(pid) / 1024;
                    if (mib > 0) {
                        peaks.merge(name, mib, Math::max);
                        last.put(name, mib);
                        lines.append(now).append(',').append(label).append(',').append(name).append(',').append(mib)
                                .append('\n');
                    }
                });
                try {
                    Files.writeString(csv, lines, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    Thread.sleep(1000);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void stop() throws InterruptedException {
            running = false;
            thread.interrupt();
            thread.join();
        }

        Map<String, Long> peaks() {
            return new HashMap<>(peaks);
        }

        Map<String, Long> last() {
            return new LinkedHashMap<>(last);
        }

        private static long rssKb(long pid) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                    if (line.startsWith("VmRSS:")) {
                        return Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // the process is gone
            }
            return 0;
        }
    }
}
