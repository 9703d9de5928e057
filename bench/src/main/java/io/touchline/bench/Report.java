package io.touchline.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.Stream;

/**
 * Writes the summary of a {@code ./touchline bench} run into docs/benchmarks.md (between its
 * markers, the rest of the file kept) and draws its plots:
 *
 * <pre>
 *   Report &lt;bench-dir&gt; &lt;benchmarks.md&gt; &lt;plots-dir&gt;
 * </pre>
 *
 * bench-dir holds {@code machine.txt} (name=value text) and one {@code run-N/} per run with its
 * {@code results.txt} and {@code rss.csv}. Every figure is the median over the runs; ratios are
 * taken within each run first.
 */
public final class Report {

    static final String BEGIN = "<!-- ./touchline bench writes from here -->";
    static final String END = "<!-- ./touchline bench writes up to here -->";
    static final Map<String, String> HOP_NAMES = new LinkedHashMap<>();
    static final List<String> SERVICES = List.of("ingest", "scoring", "playbook", "notification", "kafka");

    static {
        HOP_NAMES.put("score", "score published");
        HOP_NAMES.put("signal", "signal published");
        HOP_NAMES.put("task", "task stored");
        HOP_NAMES.put("delivery", "message delivered");
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Path markdown = Path.of(args[1]);
        Path plots = Path.of(args[2]);
        Map<String, String> machine = machine(dir.resolve("machine.txt"));
        List<Path> runDirs;
        try (Stream<Path> list = Files.list(dir)) {
            runDirs = list.filter(p -> p.getFileName().toString().startsWith("run-") && Files.exists(p.resolve("results.txt")))
                    .sorted().toList();
        }
        if (runDirs.isEmpty()) {
            throw new IllegalStateException("no run-N/results.txt under " + dir);
        }
        List<Results> runs = new ArrayList<>();
        for (Path run : runDirs) {
            runs.add(Results.read(run.resolve("results.txt")).withRatios());
        }
        Results medians = Results.median(runs);
        List<Integer> percents = percents(machine.getOrDefault("percents", "25 50 75"));
        Charts.latency(medians, percents, plots.resolve("latency.png"));
        Path rssRun = runDirs.get(runDirs.size() - 1);
        Charts.rss(rssRun.resolve("rss.csv"), plots.resolve("rss.png"));
        String relative = markdown.getParent() == null ? plots.toString() : markdown.getParent().relativize(plots).toString();
        String section = section(medians, runs.size(), machine, percents, relative, rssRun.getFileName().toString());
        String text = Files.exists(markdown) ? Files.readString(markdown, StandardCharsets.UTF_8) : "# Benchmarks\n\n";
        Files.writeString(markdown, splice(text, section), StandardCharsets.UTF_8);
        System.out.println("wrote " + markdown + ", " + plots.resolve("latency.png") + " and " + plots.resolve("rss.png"));
    }

    /** The text with the part between the markers replaced, or the section added after the title when there are none. */
    static String splice(String text, String section) {
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        String block = BEGIN + "\n" + section + END;
        if (begin >= 0 && end > begin) {
            return text.substring(0, begin) + block + text.substring(end + END.length());
        }
        int afterTitle = text.indexOf("\n\n");
        return afterTitle < 0 ? text + "\n\n" + block + "\n"
                : text.substring(0, afterTitle + 2) + block + "\n\n" + text.substring(afterTitle + 2);
    }

    static String section(Results m, int runCount, Map<String, String> machine, List<Integer> percents, String plots,
            String rssRun) {
        StringBuilder s = new StringBuilder();
        s.append("## Summary: `./touchline bench`\n\n");
        s.append("Regenerated, with its plots, by one command (about ").append(machine.getOrDefault("minutes", "?"))
                .append(" minutes; not part of `verify`):\n\n```sh\n")
                .append(machine.getOrDefault("command", "./touchline bench"))
                .append("\n```\n\n");
        s.append("Run on ").append(machine.getOrDefault("date", "?")).append(", commit ")
                .append(machine.getOrDefault("commit", "?"))
                .append(": ").append(machine.getOrDefault("cores", "?")).append(" cores (")
                .append(machine.getOrDefault("cpu", "?"))
                .append("), ").append(machine.getOrDefault("memory", "?")).append(" memory, ")
                .append(machine.getOrDefault("jdk", "?"))
                .append(", the local run's standalone KRaft broker and durable PostgreSQL (`./touchline up`, default profile). ")
                .append("**Every figure is the median of ").append(runCount).append(runCount == 1 ? " run" : " runs")
                .append("**; each ratio is taken within its run, against Kafka's own tool on the same broker, then the median.\n\n");

        s.append("### Targets\n\n| target | bound | measured | met |\n|---|---|---|---|\n");
        for (Targets.Target t : Targets.ALL) {
            s.append("| ").append(t.what()).append(" | ").append(t.boundText()).append(" | ")
                    .append(value(m, t.figure(), t.unit()))
                    .append(" | ").append(t.met(m).map(met -> met ? "**met**" : "**not met**").orElse("not measured"))
                    .append(" |\n");
        }

        s.append("\n### Ingest and scoring against Kafka's tools\n\n| measure | value | ratio |\n|---|---|---|\n");
        row(s, "Kafka ProducerPerformance: records of 300 B, acks=all, idempotent, lz4", m, "ingest.producer_records_per_sec",
                " records/s", null);
        row(s, "ingest over HTTP, batches of 100 events of 332 B, 16 requests in flight", m, "ingest.batch_events_per_sec",
                " events/s",
                "ingest.batch_ratio");
        row(s, "ingest over HTTP, single-event POSTs, 16 in flight", m, "ingest.single_events_per_sec", " events/s",
                "ingest.single_ratio");
        row(s, "Kafka ConsumerPerformance: the first " + count(machine, "scoring_events")
                + " records of `usage-events`", m,
                "scoring.consumer_records_per_sec", " records/s", null);
        row(s, "scoring-service drain, warm: " + count(machine, "scoring_events") + " events over "
                + count(machine, "scoring_accounts") + " accounts", m, "scoring.warm_events_per_sec",
                " events/s",
                "scoring.warm_ratio");
        row(s, "scoring-service drain, cold (first events after start)", m, "scoring.cold_events_per_sec", " events/s",
                "scoring.cold_ratio");
        row(s, "whole pipeline's capacity: events through ingest until scored, every service running", m,
                "e2e.capacity_events_per_sec",
                " events/s", "e2e.capacity_ratio");
        s.append(
                "\nThe capacity's ratio is against ProducerPerformance. Kafka's `EndToEndLatency` (1 KB, acks=all, one at a time) is "
                        + "the floor of any hop through this broker: p50 ")
                .append(value(m, "kafka.e2e_latency_p50_ms", " ms")).append(", p99 ")
                .append(value(m, "kafka.e2e_latency_p99_ms", " ms")).append(" (it reports whole milliseconds).\n");

        s.append("\n### End to end, open loop\n\n");
        s.append(
                "Events go through `POST /v1/batch` at a fixed rate (the events due in each 10 ms go as one batch), each stamped with the "
                        + "moment it was due, whatever became of the ones before, so a stall counts against every event it delays (no coordinated "
                        + "omission). Latencies are recorded in HdrHistogram, from that moment to: its `health-scores` message arriving at a consumer "
                        + "downstream (*score published*), its `health-signals` message (*signal published*), its `cs.task.created` on `cs-tasks` "
                        + "(*task stored*: published by the outbox after the task's commit, so an upper bound of the commit), and the send of its "
                        + "in-app message (*message delivered*: `notification.delivery.sent_at`). One event in ")
                .append(EndToEndLoad.NEW_ACCOUNT_EVERY).append(" is a new high-touch account's first call, which makes one "
                        + "`ACCOUNT_FIRST_SEEN` signal, one welcome task and one in-app welcome message; the others are feature use.\n\n");
        s.append("| offered rate | hop | messages | p50 | p99 | p99.9 | max |\n|---|---|---|---|---|---|---|\n");
        for (int percent : percents) {
            String p = "e2e.p" + percent + ".";
            String rate = percent + "% (" + value(m, p + "rate", " events/s") + ")";
            for (String hop : EndToEndLoad.HOPS) {
                s.append("| ").append(rate).append(" | ").append(HOP_NAMES.get(hop)).append(" | ")
                        .append(value(m, p + hop + ".count", ""))
                        .append(" | ").append(value(m, p + hop + ".p50_ms", " ms")).append(" | ")
                        .append(value(m, p + hop + ".p99_ms", " ms"))
                        .append(" | ").append(value(m, p + hop + ".p999_ms", " ms")).append(" | ")
                        .append(value(m, p + hop + ".max_ms", " ms"))
                        .append(" |\n");
                rate = "";
            }
        }
        s.append("\nRefused events (should be 0): ");
        List<String> refused = new ArrayList<>();
        for (int percent : percents) {
            refused.add(percent + "%: " + value(m, "e2e.p" + percent + ".failed", ""));
        }
        s.append(String.join(", ", refused)).append(". Batches the generator sent over 20 ms late: ");
        List<String> late = new ArrayList<>();
        for (int percent : percents) {
            late.add(percent + "%: " + value(m, "e2e.p" + percent + ".late_batches", ""));
        }
        s.append(String.join(", ", late)).append(". New accounts, each owed exactly one task and one message: ");
        List<String> accounts = new ArrayList<>();
        for (int percent : percents) {
            accounts.add(percent + "%: " + value(m, "e2e.p" + percent + ".new_accounts", ""));
        }
        s.append(String.join(", ", accounts)).append(".\n\n![Latency per hop against the offered rate](").append(plots)
                .append("/latency.png)\n");

        s.append(
                "\n### Resources\n\n| process | startup (process start to ready) | resident idle | resident under load (peak) |\n|---|---|---|---|\n");
        for (String service : SERVICES) {
            double peak = percents.stream().map(p -> m.get("rss.p" + p + "." + service + "_mib"))
                    .filter(OptionalDouble::isPresent)
                    .mapToDouble(OptionalDouble::getAsDouble).max().orElse(Double.NaN);
            s.append("| ").append(service.equals("kafka") ? "Kafka broker (reference)" : service + "-service").append(" | ")
                    .append(value(m, "startup." + service + "_ms", " ms")).append(" | ")
                    .append(value(m, "rss.idle." + service + "_mib", " MiB"))
                    .append(" | ").append(Double.isNaN(peak) ? "-" : number(peak) + " MiB").append(" |\n");
        }
        s.append(
                "\nStartup: all four services launched together by `./touchline up`, as they start in practice, on the same cores. "
                        + "Idle: after ")
                .append(machine.getOrDefault("idle_seconds", "30")).append(" s without load. Under load: the peak "
                        + "during the end-to-end part. The plot is of ")
                .append(rssRun).append(".\n\n![Resident memory over time](")
                .append(plots).append("/rss.png)\n\n");
        return s.toString();
    }

    private static void row(StringBuilder s, String what, Results m, String figure, String unit, String ratio) {
        s.append("| ").append(what).append(" | ").append(value(m, figure, unit)).append(" | ")
                .append(ratio == null ? "1 (reference)" : value(m, ratio, "")).append(" |\n");
    }

    static String value(Results m, String figure, String unit) {
        OptionalDouble v = m.get(figure);
        return v.isPresent() ? number(v.getAsDouble()) + unit : "-";
    }

    /** Thousands grouped above 100; three significant digits below. */
    static String number(double v) {
        double a = Math.abs(v);
        if (a >= 100 || v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static String count(Map<String, String> machine, String name) {
        String text = machine.get(name);
        return text == null ? "?" : number(Double.parseDouble(text));
    }

    static List<Integer> percents(String text) {
        return Stream.of(text.trim().split("\\s+")).map(Integer::parseInt).toList();
    }

    private static Map<String, String> machine(Path file) throws IOException {
        Map<String, String> machine = new LinkedHashMap<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    machine.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        }
        return machine;
    }
}
