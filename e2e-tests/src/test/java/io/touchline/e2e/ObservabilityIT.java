package io.touchline.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.touchline.testing.TestKeys;

/**
 * The dashboards and alert rules against a real Prometheus (Debian's {@code prometheus}) that
 * scrapes the four running services' management ports: after events went through the whole
 * pipeline, every query of every dashboard under deploy/grafana/dashboards returns data, and the
 * alert rules of deploy/prometheus load and evaluate without error. Skipped when Prometheus is not
 * installed, except in CI ({@code CI} set), where .ci/run installs it.
 */
class ObservabilityIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** What Grafana puts in $__rate_interval; long enough to span the events this test sends. */
    private static final String RATE_INTERVAL = "5m";

    private static Pipeline pipeline;
    private static Process prometheus;
    private static int prometheusPort;

    @BeforeAll
    static void startPrometheus() throws Exception {
        Optional<Path> binary = prometheusBinary();
        if (binary.isEmpty()) {
            if (System.getenv("CI") != null) {
                fail("prometheus is not installed; .ci/run installs Debian's prometheus package");
            }
            Assumptions.abort("prometheus is not installed (apt-get install prometheus); skipped");
        }
        pipeline = Pipeline.get();
        Path dir = pipeline.root.resolve("e2e-tests/target/prometheus");
        Files.createDirectories(dir);
        StringBuilder config = new StringBuilder("""
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files:
                  - %s
                scrape_configs:
                  - job_name: touchline
                    metrics_path: /q/metrics
                    static_configs:
                """.formatted(pipeline.root.resolve("deploy/prometheus/alerts.yml")));
        for (ServiceProcess service : pipeline.services()) {
            config.append("""
                          - targets: ['127.0.0.1:%d']
                            labels:
                              service: %s
                    """.formatted(service.managementPort, service.name));
        }
        Files.writeString(dir.resolve("prometheus.yml"), config);
        prometheusPort = Pipeline.freePort();
        prometheus = new ProcessBuilder(binary.get().toString(),
                "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data-" + UUID.randomUUID()),
                "--web.listen-address=127.0.0.1:" + prometheusPort)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        await("prometheus ready").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> status("/-/ready") == 200);
    }

    @AfterAll
    static void stopPrometheus() throws InterruptedException {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(20, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly();
            }
        }
    }

    @Test
    void everyDashboardQueryReturnsDataAndTheAlertRulesLoad() throws Exception {
        Map<String, String> queries = dashboardQueries();
        assertThat(queries).hasSizeGreaterThan(40);
        await("every target scraped").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> query("up{job=\"touchline\"} == 1").size() == 4);
        // Two rounds: a histogram's series appears with its first observation, and a rate needs an
        // increase after a scrape saw it, as on any running system.
        sendEventsThroughThePipeline();
        await("the first round scraped").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> !query("touchline_pipeline_latency_seconds_count{hop=\"delivery\"}").isEmpty()
                        && !query("touchline_ingest_publish_seconds_count").isEmpty()
                        && !query("touchline_notification_request_to_sent_seconds_count").isEmpty());
        sendEventsThroughThePipeline();
        List<String> empty = new ArrayList<>();
        try {
            await("every dashboard query returns data").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> {
                        empty.clear();
                        queries.forEach((where, expr) -> {
                            if (query(expr).isEmpty()) {
                                empty.add(where + ": " + expr);
                            }
                        });
                        return empty.isEmpty();
                    }, done -> done);
        } catch (ConditionTimeoutException e) {
            // the assertion below names the queries that stayed empty
        }
        assertThat(empty).as("dashboard queries without data").isEmpty();

        JsonNode groups = get("/api/v1/rules").at("/data/groups");
        List<String> alerts = new ArrayList<>();
        for (JsonNode group : groups) {
            for (JsonNode rule : group.get("rules")) {
                assertThat(rule.get("health").asText()).as(rule.get("name").asText() + ": " + rule.path("lastError"))
                        .isEqualTo("ok");
                if (rule.get("type").asText().equals("alerting")) {
                    alerts.add(rule.get("name").asText());
                }
            }
        }
        assertThat(alerts).containsExactlyInAnyOrder("TouchlineServiceDown", "TouchlineConsumerLagGrowing",
                "TouchlinePipelineLatencyHigh", "TouchlineDeadLetters", "TouchlineIngestRejectionSpike",
                "TouchlineOutboxBacklogGrowing", "TouchlineNotificationFailures");
        // A healthy pipeline: nothing fires.
        List<String> firing = new ArrayList<>();
        get("/api/v1/alerts").at("/data/alerts").forEach(alert -> {
            if (alert.get("state").asText().equals("firing")) {
                firing.add(alert.toString());
            }
        });
        assertThat(firing).isEmpty();
    }

    /**
     * A new account's events (a welcome task and an in-app message), a high-touch account whose
     * contact changes (a task emailed to its CSM), and one event ingest rejects.
     */
    private static void sendEventsThroughThePipeline() {
        String account = "obs-" + UUID.randomUUID();
        for (int i = 0; i < 5; i++) {
            assertThat(pipeline.ingest.post("/v1/track", TestKeys.INGEST, """
                    {"userId":"u-%d","groupId":"%s","event":"Dashboard Viewed"}""".formatted(i, account))
                    .statusCode()).isEqualTo(200);
        }
        String vip = "obs-vip-" + UUID.randomUUID();
        String group = """
                {"userId":"u-1","groupId":"%s","traits":{"mrr":650000,"currency":"JPY","csmOwner":"csm@touchline.test","primaryContact":"%s"}}""";
        assertThat(pipeline.ingest.post("/v1/group", TestKeys.INGEST, group.formatted(vip, "ada@vip.test")).statusCode())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> pipeline.playbook.get("/v1/tasks?accountId=" + vip, TestKeys.OPS)
                .body().contains("\"taskId\""));
        assertThat(pipeline.ingest.post("/v1/group", TestKeys.INGEST, group.formatted(vip, "bob@vip.test")).statusCode())
                .isEqualTo(200);
        assertThat(pipeline.ingest.post("/v1/track", TestKeys.INGEST, "{\"userId\":\"u1\",\"groupId\":\"x\"}")
                .statusCode()).isEqualTo(400);
        await("an email sent").atMost(Duration.ofSeconds(30)).until(() -> pipeline.notification
                .get("/v1/deliveries?accountId=" + vip + "&channel=email&status=SENT", TestKeys.OPS).body()
                .contains("\"SENT\""));
    }

    /** Every panel target's query, by dashboard, panel and refId, with Grafana's variables filled in. */
    private static Map<String, String> dashboardQueries() throws IOException {
        Map<String, String> queries = new LinkedHashMap<>();
        Path dir = pipeline.root.resolve("deploy/grafana/dashboards");
        List<Path> files;
        try (Stream<Path> listed = Files.list(dir)) {
            files = listed.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).hasSize(5);
        for (Path file : files) {
            JsonNode dashboard = JSON.readTree(file.toFile());
            for (JsonNode panel : dashboard.get("panels")) {
                for (JsonNode target : panel.get("targets")) {
                    queries.put(file.getFileName() + " / " + panel.get("title").asText() + " / "
                            + target.get("refId").asText(),
                            target.get("expr").asText().replace("$__rate_interval", RATE_INTERVAL));
                }
            }
        }
        assertThat(new TreeSet<>(queries.values())).allSatisfy(expr -> assertThat(expr).doesNotContain("$"));
        return queries;
    }

    /** The instant query's result samples that hold a number (not NaN). */
    private static List<JsonNode> query(String expr) {
        JsonNode body = get("/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8));
        assertThat(body.get("status").asText()).as(expr + ": " + body).isEqualTo("success");
        List<JsonNode> samples = new ArrayList<>();
        for (JsonNode sample : body.at("/data/result")) {
            if (!sample.at("/value/1").asText().equals("NaN")) {
                samples.add(sample);
            }
        }
        return samples;
    }

    private static JsonNode get(String path) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(prometheus(path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int status(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(prometheus(path)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static URI prometheus(String path) {
        return URI.create("http://127.0.0.1:" + prometheusPort + path);
    }

    private static Optional<Path> prometheusBinary() {
        String configured = System.getenv("TOUCHLINE_PROMETHEUS");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured));
        }
        return Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin").split(":"))
                .map(dir -> Path.of(dir, "prometheus")).filter(Files::isExecutable).findFirst();
    }
}
