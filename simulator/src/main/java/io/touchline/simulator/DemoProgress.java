package io.touchline.simulator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The demo's live progress while scoring applies the import and the playbooks and deliveries
 * follow: one line, redrawn every second, with the events scored of those accepted and the
 * signals, tasks and deliveries made since the baseline, taken before the import (from each
 * service's metrics: totals of the services, so another tenant's traffic at the same time counts
 * too). Ends when the import is handed over and nothing has moved for a few seconds.
 *
 * <pre>
 *   DemoProgress --baseline &lt;scoring-mgmt&gt; &lt;playbook-mgmt&gt; &lt;notification-mgmt&gt;     prints the baseline
 *   DemoProgress &lt;ingest-url&gt; &lt;import-key&gt; &lt;import-id&gt; &lt;scoring-mgmt&gt; &lt;playbook-mgmt&gt; &lt;notification-mgmt&gt; &lt;baseline&gt;
 * </pre>
 */
public final class DemoProgress {

    /** How long nothing may move, after the hand-over, before the demo's effects count as settled. */
    private static final Duration SETTLED = Duration.ofSeconds(3);
    private static final Duration AT_MOST = Duration.ofMinutes(5);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper mapper = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        DemoProgress progress = new DemoProgress();
        if (args.length == 4 && args[0].equals("--baseline")) {
            System.out.println(progress.counts(args[1], args[2], args[3]).text());
        } else if (args.length == 7) {
            progress.run(args[0], args[1], args[2], args[3], args[4], args[5], Counts.parse(args[6]));
        } else {
            System.err.println(
                    """
                            usage: DemoProgress --baseline <scoring-mgmt> <playbook-mgmt> <notification-mgmt>
                                   DemoProgress <ingest-url> <import-key> <import-id> <scoring-mgmt> <playbook-mgmt> <notification-mgmt> <baseline>""");
            System.exit(2);
        }
    }

    /** The counters of the line, from the services' metrics (totals since each service started). */
    record Counts(long signals, long tasks, long messages) {

        Counts minus(Counts base) {
            return new Counts(signals - base.signals, tasks - base.tasks, messages - base.messages);
        }

        /** As the baseline argument: {@code signals,tasks,messages}. */
        String text() {
            return signals + "," + tasks + "," + messages;
        }

        static Counts parse(String text) {
            String[] parts = text.trim().split(",");
            if (parts.length != 3) {
                throw new IllegalArgumentException("a baseline is signals,tasks,messages; got '" + text + "'");
            }
            return new Counts(Long.parseLong(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2]));
        }
    }

    private void run(String ingest, String key, String importId, String scoring, String playbook, String notification,
            Counts base)
            throws Exception {
        String lastLine = "";
        long lastChange = System.nanoTime();
        long deadline = System.nanoTime() + AT_MOST.toNanos();
        while (true) {
            JsonNode job = mapper.readTree(get(ingest + "/v1/imports/" + importId, key));
            String state = job.path("state").asText();
            String line = line(job.path("applied").asLong(), job.path("accepted").asLong(), state,
                    counts(scoring, playbook, notification).minus(base));
            if (!line.equals(lastLine)) {
                lastLine = line;
                lastChange = System.nanoTime();
            }
            System.err.print("\r" + line + "   ");
            boolean settled = "handed-over".equals(state) && System.nanoTime() - lastChange > SETTLED.toNanos();
            if (settled || System.nanoTime() > deadline) {
                System.err.println();
                return;
            }
            Thread.sleep(1000);
        }
    }

    static String line(long applied, long accepted, String state, Counts made) {
        int width = 30;
        int done = accepted == 0 ? 0 : (int) Math.min(width, width * applied / accepted);
        return String.format(Locale.ROOT, "[%s%s] scored %,d of %,d (%s)  signals %,d  tasks %,d  deliveries %,d",
                "#".repeat(done),
                ".".repeat(width - done), applied, accepted, state, made.signals(), made.tasks(), made.messages());
    }

    private Counts counts(String scoring, String playbook, String notification) throws IOException, InterruptedException {
        return new Counts(sum(get(scoring + "/q/metrics", null), "touchline_scoring_signals_total"),
                sum(get(playbook + "/q/metrics", null), "touchline_playbook_tasks_created_total"),
                sum(get(notification + "/q/metrics", null), "touchline_notification_deliveries_total"));
    }

    /** The sum of every series of a counter in Prometheus's text format. */
    static long sum(String metrics, String name) {
        double total = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith(name) && (line.charAt(name.length()) == '{' || line.charAt(name.length()) == ' ')) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return Math.round(total);
    }

    private String get(String url, String key) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }
}
