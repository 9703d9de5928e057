import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * HTTP load for the ingest benchmark (bench/ingest-benchmark): posts Segment events of about
 * 300 bytes to ingest-service, in batches or one per request, with a fixed number of requests in
 * flight, and reports events per second and the service's peak resident memory.
 *
 * Usage: java IngestLoad.java <batch|single> <url> <write-key> <events> <concurrency> <batch-size> <service-pid>
 */
public class IngestLoad {

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        String url = args[1];
        String key = args[2];
        long events = Long.parseLong(args[3]);
        int concurrency = Integer.parseInt(args[4]);
        int batchSize = mode.equals("batch") ? Integer.parseInt(args[5]) : 1;
        long pid = Long.parseLong(args[6]);

        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        String auth = "Basic " + Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.UTF_8));
        String path = mode.equals("batch") ? "/v1/batch" : "/v1/track";
        Semaphore inFlight = new Semaphore(concurrency);
        AtomicLong accepted = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong peakRssKb = new AtomicLong();
        Thread rss = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peakRssKb.accumulateAndGet(rssKb(pid), Math::max);
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        rss.setDaemon(true);
        rss.start();

        long requests = events / batchSize;
        long sampleBytes = event(0).getBytes(StandardCharsets.UTF_8).length;
        // Bodies are built before the clock starts and then cycled, so the load generator spends
        // its CPU on sending, not on building JSON, on the cores it shares with the service.
        int distinct = (int) Math.min(requests, BODIES);
        List<byte[]> bodies = new ArrayList<>(distinct);
        for (int b = 0; b < distinct; b++) {
            String body = mode.equals("batch") ? batch((long) b * batchSize, batchSize) : event(b);
            bodies.add(body.getBytes(StandardCharsets.UTF_8));
        }
        URI target = URI.create(url + path);
        long start = System.nanoTime();
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        for (long r = 0; r < requests; r++) {
            byte[] body = bodies.get((int) (r % distinct));
            inFlight.acquire();
            HttpRequest request = HttpRequest.newBuilder(target)
                    .header("Authorization", auth).header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            CompletableFuture<Void> call = client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .handle((response, error) -> {
                        inFlight.release();
                        if (error == null && response.statusCode() == 200) {
                            accepted.addAndGet(batchSize);
                        } else {
                            failed.addAndGet(batchSize);
                        }
                        return null;
                    });
            pending.add(call);
            if (pending.size() > 10_000) {
                pending.removeIf(CompletableFuture::isDone);
            }
        }
        CompletableFuture.allOf(pending.toArray(new CompletableFuture[0])).join();
        double seconds = (System.nanoTime() - start) / 1e9;
        rss.interrupt();
        System.out.printf("mode=%s events=%d accepted=%d failed=%d seconds=%.2f events_per_sec=%.0f "
                + "requests_per_sec=%.0f event_bytes=%d peak_rss_mb=%.0f%n",
                mode, requests * batchSize, accepted.get(), failed.get(), seconds, accepted.get() / seconds,
                requests / seconds, sampleBytes, peakRssKb.get() / 1024.0);
    }

    /** Distinct request bodies; with more requests they repeat (ingest does not deduplicate). */
    private static final int BODIES = 2_000;

    /** Unique per run, so message ids never repeat across runs; cheap, unlike a random UUID per event. */
    private static final String RUN = UUID.randomUUID().toString();

    private static String batch(long first, int size) {
        String now = Instant.now().toString();
        StringBuilder body = new StringBuilder(size * 340 + 64).append("{\"sentAt\":\"")
                .append(now).append("\",\"batch\":[");
        for (int i = 0; i < size; i++) {
            if (i > 0) {
                body.append(',');
            }
            body.append(event(first + i, now));
        }
        return body.append("]}").toString();
    }

    private static String event(long n) {
        return event(n, Instant.now().toString());
    }

    /** A track call of about 330 bytes, as an SDK sends it. */
    private static String event(long n, String now) {
        return "{\"type\":\"track\",\"messageId\":\"" + RUN + "-" + n + "\",\"userId\":\"user-" + (n % 50_000)
                + "\",\"groupId\":\"account-" + (n % 10_000) + "\",\"event\":\"Feature Used\","
                + "\"properties\":{\"feature\":\"reports\",\"path\":\"/app/reports/overview\",\"durationMs\":"
                + (n % 5000) + "},\"context\":{\"library\":{\"name\":\"analytics-java\",\"version\":\"3.5.1\"}},"
                + "\"originalTimestamp\":\"" + now + "\"}";
    }

    private static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (Exception e) {
            // the process is gone or this is not Linux
        }
        return 0;
    }
}
