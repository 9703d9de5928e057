import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * {@code ./touchline import}: sends Segment export files (one JSON event per line, gzipped or not)
 * to ingest's {@code POST /v1/import} as one import job, in gzipped batches, with a progress line;
 * ends the import and follows scoring until the tenant is handed over to the wall clock
 * (docs/backfill.md). Lines are passed on as they are: ingest judges each event.
 *
 * Usage: java ImportFiles.java <ingest-url> <import-key> [--actions-from <instant>] [--no-wait] <file>...
 */
public class ImportFiles {

    static final int MAX_EVENTS = 500;
    static final int MAX_BYTES = 400_000;
    /**
     * One batch at a time: a batch of an export in time order spans hours of event time, so two in
     * flight could arrive out of order by more than the allowed lateness and make events late.
     */
    static final int IN_FLIGHT = 1;
    static final Pattern ACCEPTED = Pattern.compile("\"accepted\":(\\d+)");
    static final Pattern REJECTED_REASON = Pattern.compile("\"reason\":\"((?:[^\"\\\\]|\\\\.)*)\"");

    static final AtomicLong read = new AtomicLong();
    /** Bytes of the files read so far, against their total, for the progress bar. */
    static final AtomicLong fileBytes = new AtomicLong();
    static long totalBytes;
    static final AtomicLong accepted = new AtomicLong();
    static final AtomicLong rejected = new AtomicLong();
    static final List<String> samples = new ArrayList<>();
    static HttpClient http;
    static String url;
    static String key;

    public static void main(String[] args) throws Exception {
        url = args[0];
        key = args[1];
        String actionsFrom = null;
        boolean wait = true;
        List<Path> files = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            switch (args[i]) {
                case "--actions-from" -> actionsFrom = args[++i];
                case "--no-wait" -> wait = false;
                default -> files.add(Path.of(args[i]));
            }
        }
        if (files.isEmpty()) {
            fail("name at least one file to import");
        }
        for (Path file : files) {
            if (!Files.isReadable(file)) {
                fail("cannot read " + file);
            }
        }
        for (Path file : files) {
            totalBytes += Files.size(file);
        }
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> opened = post("/v1/imports",
                actionsFrom == null ? "{}" : "{\"actionsFrom\":\"" + actionsFrom + "\"}");
        if (opened.statusCode() != 201) {
            fail("could not open an import (" + opened.statusCode() + "): " + opened.body());
        }
        String id = field(opened.body(), "id");
        System.err.println("import " + id);

        long start = System.nanoTime();
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (Path file : files) {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(open(file), StandardCharsets.UTF_8))) {
                StringBuilder batch = new StringBuilder();
                int events = 0;
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.isBlank()) {
                        continue;
                    }
                    if (events > 0 && (events == MAX_EVENTS || batch.length() + line.length() > MAX_BYTES)) {
                        sent.add(send(id, batch, events, inFlight, start));
                        batch = new StringBuilder();
                        events = 0;
                    }
                    batch.append(events == 0 ? "{\"batch\":[" : ",").append(line);
                    events++;
                }
                if (events > 0) {
                    sent.add(send(id, batch, events, inFlight, start));
                }
            }
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
        progress(start);
        System.err.println();
        HttpResponse<String> ended = post("/v1/imports/" + id + "/end", "");
        if (ended.statusCode() != 202) {
            fail("could not end import " + id + " (" + ended.statusCode() + "): " + ended.body());
        }
        synchronized (samples) {
            for (String sample : samples) {
                System.err.println("  rejected: " + sample);
            }
        }
        if (!wait) {
            System.out.println(id);
            return;
        }
        // Scoring applies the rest and hands the tenant over to the wall clock.
        while (true) {
            String job = get("/v1/imports/" + id);
            System.err.printf("\rscoring: applied %s, late %s, watermark %s, %s        ", field(job, "applied"),
                    field(job, "late"), field(job, "watermark"), field(job, "state"));
            if ("handed-over".equals(field(job, "state"))) {
                System.err.println();
                System.out.println(job);
                return;
            }
            Thread.sleep(1000);
        }
    }

    static CompletableFuture<Void> send(String id, StringBuilder batch, int events, Semaphore inFlight, long start)
            throws Exception {
        byte[] body = gzip(batch.append("]}").toString());
        inFlight.acquire();
        return CompletableFuture.runAsync(() -> {
            try {
                for (int attempt = 1;; attempt++) {
                    HttpResponse<String> answer = http.send(request("/v1/import?importId=" + id)
                            .header("Content-Encoding", "gzip").POST(HttpRequest.BodyPublishers.ofByteArray(body))
                            .build(), HttpResponse.BodyHandlers.ofString());
                    if (answer.statusCode() == 200) {
                        Matcher m = ACCEPTED.matcher(answer.body());
                        long ok = m.find() ? Long.parseLong(m.group(1)) : 0;
                        read.addAndGet(events);
                        accepted.addAndGet(ok);
                        rejected.addAndGet(events - ok);
                        Matcher reasons = REJECTED_REASON.matcher(answer.body());
                        synchronized (samples) {
                            while (reasons.find() && samples.size() < 10) {
                                samples.add(reasons.group(1));
                            }
                        }
                        progress(start);
                        return;
                    }
                    if ((answer.statusCode() == 429 || answer.statusCode() == 503) && attempt < 30) {
                        long after = answer.headers().firstValueAsLong("Retry-After").orElse(1);
                        Thread.sleep(after * 1000);
                        continue;
                    }
                    fail("a batch was refused (" + answer.statusCode() + "): " + answer.body());
                }
            } catch (IOException | InterruptedException e) {
                fail("sending a batch failed: " + e);
            } finally {
                inFlight.release();
            }
        });
    }

    static void progress(long start) {
        double seconds = Math.max(1e-3, (System.nanoTime() - start) / 1e9);
        long n = read.get();
        int width = 30;
        int done = (int) Math.min(width, width * fileBytes.get() / Math.max(1, totalBytes));
        System.err.printf("\r[%s%s] read %,d  accepted %,d  rejected %,d  %,.0f events/s", "#".repeat(done),
                ".".repeat(width - done), n, accepted.get(), rejected.get(), n / seconds);
    }

    static InputStream open(Path file) throws IOException {
        InputStream counted = new java.io.FilterInputStream(Files.newInputStream(file)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    fileBytes.addAndGet(n);
                }
                return n;
            }
        };
        InputStream in = new BufferedInputStream(counted, 1 << 16);
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        return b1 == 0x1f && b2 == 0x8b ? new GZIPInputStream(in, 1 << 16) : in;
    }

    static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() / 4);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json");
    }

    static HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(request(path).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String get(String path) throws Exception {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** A top-level string or number field of a small JSON answer. */
    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":(\"([^\"]*)\"|[-0-9.]+|null)").matcher(json);
        return !m.find() ? null : m.group(2) != null ? m.group(2) : m.group(1);
    }

    static void fail(String message) {
        System.err.println();
        System.err.println("touchline import: " + message);
        System.exit(1);
    }
}
