import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a Segment export for the backfill benchmark (bench/backfill-benchmark): a group call per
 * account, then {@code events} track calls spread evenly over {@code days} days ending yesterday,
 * each for a random account and one of its five users, in time order, one JSON message per line,
 * gzipped. Seeded, so every run writes the same file.
 *
 * Usage: java BackfillExport.java <file.jsonl.gz> <events> <accounts> <days>
 */
public class BackfillExport {

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        long events = Long.parseLong(args[1]);
        int accounts = Integer.parseInt(args[2]);
        int days = Integer.parseInt(args[3]);
        Instant end = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(1));
        Instant start = end.minus(Duration.ofDays(days));
        double stepMillis = (double) Duration.ofDays(days).toMillis() / events;
        String[] names = { "Report Viewed", "Dashboard Viewed", "Feature Used", "Export Created" };
        SplittableRandom random = new SplittableRandom(42);
        try (Writer out = new BufferedWriter(new OutputStreamWriter(
                new GZIPOutputStream(Files.newOutputStream(file), 1 << 16), StandardCharsets.UTF_8), 1 << 20)) {
            for (int a = 0; a < accounts; a++) {
                out.write("{\"type\":\"group\",\"messageId\":\"g-" + a + "\",\"userId\":\"a" + a + "-u0\",\"groupId\":\"acct-"
                        + a + "\",\"timestamp\":\"" + start + "\",\"traits\":{\"name\":\"Account " + a
                        + "\",\"seats\":10,\"mrr\":" + (100 + a % 2000) + ",\"currency\":\"USD\"}}\n");
            }
            for (long i = 0; i < events; i++) {
                int a = random.nextInt(accounts);
                Instant at = start.plusMillis((long) (i * stepMillis));
                out.write("{\"type\":\"track\",\"messageId\":\"e-" + i + "\",\"userId\":\"a" + a + "-u" + random.nextInt(5)
                        + "\",\"groupId\":\"acct-" + a + "\",\"event\":\"" + names[random.nextInt(names.length)]
                        + "\",\"properties\":{\"feature\":\"reports\"},\"timestamp\":\"" + at + "\"}\n");
            }
        }
    }
}
