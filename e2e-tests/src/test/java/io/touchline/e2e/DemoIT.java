package io.touchline.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.touchline.testing.TestKeys;

/**
 * {@code ./touchline demo} in small, against the packaged services: the simulator's export of
 * twelve accounts over four weeks is imported with its signals acting, and the summary shows
 * every tier, the signals each behaviour makes, tasks, and messages on both channels.
 */
class DemoIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aSmallDemoRunsEndToEndAndItsSummaryShowsWhatItSimulated() throws Exception {
        Pipeline pipeline = Pipeline.get();
        Path dir = Files.createTempDirectory("touchline-demo");
        Path events = dir.resolve("events.jsonl.gz");
        Path truth = dir.resolve("truth.json");
        Path jar = pipeline.root.resolve("simulator/target/simulator-0.1.0-SNAPSHOT.jar");
        String seed = String.valueOf(System.nanoTime() % 1_000_000);
        int weeks = 4;
        String start = LocalDate.now(ZoneOffset.UTC).minusDays(weeks * 7L) + "T00:00:00Z";

        run(List.of("java", "-Xmx256m", "-jar", jar.toString(), "--accounts", "12", "--weeks", String.valueOf(weeks),
                "--seed", seed, "--events", events.toString(), "--truth", truth.toString()));
        String baseline = run(
                List.of("java", "-Xmx128m", "-cp", jar.toString(), "io.touchline.simulator.DemoProgress", "--baseline",
                        management(pipeline.scoring), management(pipeline.playbook), management(pipeline.notification)))
                .trim();
        String importId = run(List.of("java", "-Xmx256m", pipeline.root.resolve("deploy/local/ImportFiles.java").toString(),
                url(pipeline.ingest), TestKeys.IMPORT, "--no-wait", "--actions-from", start, events.toString())).trim();
        // The demo's progress line: it returns once the import is handed over and its effects settled.
        run(List.of("java", "-Xmx128m", "-cp", jar.toString(), "io.touchline.simulator.DemoProgress", url(pipeline.ingest),
                TestKeys.IMPORT, importId, management(pipeline.scoring), management(pipeline.playbook),
                management(pipeline.notification), baseline));
        JsonNode job = JSON.readTree(HTTP.send(HttpRequest.newBuilder(pipeline.ingest.uri("/v1/imports/" + importId))
                .header("Authorization", "Bearer " + TestKeys.IMPORT).build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(job.get("state").asText()).isEqualTo("handed-over");
        assertThat(job.get("rejected").asInt()).as(job.toString()).isZero();
        assertThat(job.get("late").asInt()).isZero();

        // Playbooks and deliveries follow scoring's hand-over within seconds.
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(3)).untilAsserted(() -> {
            String summary = run(List.of("java", "-Xmx256m", "-cp", jar.toString(), "io.touchline.simulator.DemoReport",
                    url(pipeline.scoring), url(pipeline.playbook), url(pipeline.notification), TestKeys.OPS,
                    truth.toString(), "http://127.0.0.1:3080"));

            assertThat(summary).contains("Accounts by band and tier", "high-touch", "low-touch", "tech-touch");
            assertThat(section(summary, "Signals")).contains("ACCOUNT_FIRST_SEEN", "INACTIVE", "ONBOARDING_STALLED",
                    "CONTACT_CHANGED", "EXPANSION_CANDIDATE", "HEALTH_BAND_CHANGED");
            assertThat(section(summary, "Tasks by owner and playbook")).contains("@vendor.example", "welcome");
            assertThat(section(summary, "Messages by channel and outcome")).contains("in-app sent", "email sent");
            assertThat(summary).contains("churn risk high:", "inactive 14 days:", "The five riskiest accounts");
        });
    }

    /** The lines of one section of the summary, up to the next blank line. */
    private static String section(String summary, String title) {
        int from = summary.indexOf(title + "\n");
        assertThat(from).as(summary).isNotNegative();
        int to = summary.indexOf("\n\n", from);
        return summary.substring(from, to < 0 ? summary.length() : to);
    }

    private static String url(ServiceProcess service) {
        return service.uri("").toString().replaceAll("/$", "");
    }

    private static String management(ServiceProcess service) {
        return service.managementUri("").toString().replaceAll("/$", "");
    }

    private static String run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(new ArrayList<>(command)).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(300, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        String output = new String(out, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
