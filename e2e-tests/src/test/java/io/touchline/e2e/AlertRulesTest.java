package io.touchline.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The alert rules through Prometheus's own promtool: they parse ({@code check rules}), and every
 * alert fires on the series that should trigger it and stays silent on healthy ones
 * (deploy/prometheus/alerts-test.yml). Skipped without promtool, except in CI.
 */
class AlertRulesTest {

    private static Path promtool;
    private static final Path RULES = Path.of(System.getProperty("touchline.root", "..")).toAbsolutePath().normalize()
            .resolve("deploy/prometheus");

    @BeforeAll
    static void findPromtool() {
        Optional<Path> found = Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin").split(":"))
                .map(dir -> Path.of(dir, "promtool")).filter(Files::isExecutable).findFirst();
        if (found.isEmpty()) {
            if (System.getenv("CI") != null) {
                fail("promtool is not installed; .ci/run installs Debian's prometheus package");
            }
            Assumptions.abort("promtool is not installed (apt-get install prometheus); skipped");
        }
        promtool = found.get();
    }

    @Test
    void theRulesParse() throws Exception {
        assertThat(promtool("check", "rules", "alerts.yml")).contains("SUCCESS: 9 rules found");
    }

    @Test
    void everyAlertFiresOnItsFaultAndStaysSilentWhenHealthy() throws Exception {
        String out = promtool("test", "rules", "alerts-test.yml");
        assertThat(out).contains("SUCCESS");
        // Every alert of the rules file has a test.
        String tests = Files.readString(RULES.resolve("alerts-test.yml"));
        for (String alert : List.of("TouchlineServiceDown", "TouchlineConsumerLagGrowing",
                "TouchlinePipelineLatencyHigh", "TouchlineDeadLetters", "TouchlineIngestRejectionSpike",
                "TouchlineOutboxBacklogGrowing", "TouchlineNotificationFailures")) {
            assertThat(Files.readString(RULES.resolve("alerts.yml"))).contains("alert: " + alert);
            assertThat(tests).contains("alertname: " + alert);
        }
    }

    private static String promtool(String... args) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(Stream.concat(Stream.of(promtool.toString()), Stream.of(args)).toList())
                .directory(RULES.toFile()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        return out;
    }
}
