package io.touchline.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.touchline.testing.TestKeys;

/**
 * {@code ./touchline import}'s client against the packaged services: a gzipped Segment export of
 * three months is imported, scored on event time and handed over; the account's month of
 * inactivity is a signal at day 14 of its silence in the history and in playbook's timeline, and
 * no task is created for it, while simulating the playbook over the imported range counts the
 * task it would have made.
 */
class BackfillIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anImportedExportIsScoredOnEventTimeAndActsOnNothing() throws Exception {
        Pipeline pipeline = Pipeline.get();
        String account = "hist-" + UUID.randomUUID();
        Instant start = Instant.now().minus(Duration.ofDays(90)).truncatedTo(ChronoUnit.DAYS).plus(Duration.ofHours(9));
        Path export = Files.createTempFile("touchline-export", ".jsonl.gz");
        int events = writeExport(export, account, start);

        Process command = new ProcessBuilder("java", "-Xmx256m",
                pipeline.root.resolve("deploy/local/ImportFiles.java").toString(),
                pipeline.ingest.uri("").toString().replaceAll("/$", ""), TestKeys.IMPORT, export.toString())
                .redirectErrorStream(false).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(command.waitFor(180, TimeUnit.SECONDS)).as("the import is handed over").isTrue();
        String job = new String(command.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(command.exitValue()).as(job).isZero();
        JsonNode done = JSON.readTree(job);
        assertThat(done.get("state").asText()).isEqualTo("handed-over");
        assertThat(done.get("eventsRead").asInt()).isEqualTo(events + 1);
        assertThat(done.get("accepted").asInt()).isEqualTo(events);
        assertThat(done.get("rejected").asInt()).isEqualTo(1);
        assertThat(done.get("rejections").get("userId: required").asInt()).isEqualTo(1);
        assertThat(done.get("applied").asInt()).isEqualTo(events);
        assertThat(done.get("late").asInt()).isZero();

        // Used for 20 days, then silent: INACTIVE at day 19 + 14 of the history, ended at day 50.
        Instant inactiveAt = start.plus(Duration.ofDays(19 + 14)).plus(Duration.ofMinutes(15));
        // playbook-service records the signals as it consumes them, moments after the hand-over.
        JsonNode inactive = await().atMost(Duration.ofSeconds(60)).until(() -> inactiveEntry(pipeline, account, start),
                java.util.Objects::nonNull);
        assertThat(Instant.parse(inactive.get("at").asText())).isEqualTo(inactiveAt);
        assertThat(pipeline.playbook.get("/v1/tasks?accountId=" + account, TestKeys.OPS).body())
                .doesNotContain("\"taskId\"");
        assertThat(pipeline.scoring.get("/v1/accounts/" + account + "/history?limit=1000", TestKeys.OPS).body())
                .contains("\"scoredAt\":\"" + inactiveAt + "\"");

        HttpResponse<String> simulated = pipeline.playbook.post("/v1/playbooks/inactive-high-touch/simulate",
                TestKeys.OPS, "{\"from\":\"%s\",\"to\":\"%s\",\"accounts\":1000}".formatted(start, Instant.now()));
        assertThat(simulated.statusCode()).as(simulated.body()).isEqualTo(200);
        JsonNode accounts = JSON.readTree(simulated.body()).at("/result/accounts");
        JsonNode ours = null;
        for (JsonNode a : accounts) {
            if (a.get("accountId").asText().equals(account)) {
                ours = a;
            }
        }
        assertThat(ours).as(simulated.body()).isNotNull();
        assertThat(ours.get("tasks").asInt()).as(simulated.body()).isEqualTo(1);
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertThat(pipeline.playbook.get("/v1/tasks?accountId=" + account, TestKeys.OPS).body())
                .as("still no task").doesNotContain("\"taskId\"");
    }

    /** The account's INACTIVE entry in its playbook timeline, or null while there is none. */
    private static JsonNode inactiveEntry(Pipeline pipeline, String account, Instant start) throws Exception {
        HttpResponse<String> timeline = pipeline.playbook.get("/v1/accounts/" + account + "/timeline?from=" + start + "&to="
                + Instant.now(), TestKeys.OPS);
        assertThat(timeline.statusCode()).as(timeline.body()).isEqualTo(200);
        JsonNode inactive = null;
        for (JsonNode entry : JSON.readTree(timeline.body())) {
            if (entry.path("signal").path("signalType").asText().equals("INACTIVE")) {
                inactive = entry;
            }
        }
        return inactive;
    }

    /**
     * A high-touch account's group call, then two events a day: for 20 days, none for the next 30
     * (inactive from day 33), again from day 50 until two days ago; and one event without a
     * user. Users are the account's own, so no other test's user is placed in this account.
     */
    private static int writeExport(Path file, String account, Instant start) throws IOException {
        int events = 0;
        try (Writer out = new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(file)),
                StandardCharsets.UTF_8)) {
            out.write(("{\"type\":\"group\",\"messageId\":\"%s-g\",\"userId\":\"%s-u1\",\"groupId\":\"%s\","
                    + "\"timestamp\":\"%s\",\"traits\":{\"mrr\":650000,\"currency\":\"JPY\",\"seats\":5,"
                    + "\"csmOwner\":\"csm-1@acme.test\"}}\n").formatted(account, account, account, start));
            events++;
            for (int day = 0; day < 89; day++) {
                if (day >= 20 && day < 50) {
                    continue;
                }
                for (int n = 0; n < 2; n++) {
                    Instant at = start.plus(Duration.ofDays(day)).plus(Duration.ofMinutes(5 + 10 * n));
                    out.write(("{\"type\":\"track\",\"messageId\":\"%s-%d-%d\",\"userId\":\"%s-u%d\",\"groupId\":\"%s\","
                            + "\"event\":\"Report Viewed\",\"timestamp\":\"%s\"}\n").formatted(account, day, n, account,
                                    1 + n, account, at));
                    events++;
                }
            }
            out.write("{\"type\":\"track\",\"groupId\":\"%s\",\"event\":\"Report Viewed\",\"timestamp\":\"%s\"}\n"
                    .formatted(account, start));
        }
        return events;
    }
}
