package io.touchline.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.touchline.testing.TestKeys;

/**
 * Segment's analytics.js 2.0 and RudderStack's JavaScript SDK v3, unchanged, in Debian's
 * headless chromium: a page served from another origin than ingest's sends through each SDK with
 * a browser write key that allows that origin, and every event it sends is scored. Both SDKs load
 * their settings from ingest, so no third-party CDN is involved.
 */
class BrowserSdksIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration SCORED = Duration.ofSeconds(60);

    private static BrowserPages pages;
    private static ServiceProcess ingest;
    private static ServiceProcess scoring;
    private static String browserKey;

    private static String unavailable;

    @BeforeAll
    static void startTheServicesAndServeThePages() throws IOException {
        try {
            pages = BrowserPages.prepare(Pipeline.root());
        } catch (BrowserPages.Unavailable e) {
            unavailable = "browser tests skipped: " + e.getMessage();
            System.err.println(unavailable);
            return;
        }
        Pipeline pipeline = Pipeline.get();
        ingest = pipeline.ingest;
        scoring = pipeline.scoring;
        HttpResponse<String> created = ingest.post("/v1/write-keys", TestKeys.ADMIN, """
                {"label":"browser SDK pages","allowedOrigins":["%s"]}""".formatted(pages.origin()));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        browserKey = JSON.readTree(created.body()).get("key").asText();
    }

    /** Each test says why it skips, so a machine without a browser shows it in the report. */
    @BeforeEach
    void needsTheBrowser() {
        Assumptions.assumeTrue(unavailable == null, unavailable);
    }

    @AfterAll
    static void stopServingThePages() {
        if (pages != null) {
            pages.close();
        }
    }

    @Test
    void segmentInItsDefaultModeSendsEachCallAsItIsMadeAndEveryOneIsScored() {
        // identify, group, track, and a page view placed in the account by the group call
        sendsAndIsScored("segment", "standard", false, 4);
    }

    @Test
    void segmentsBatchingStrategySendsTheBatchWithKeepaliveWhenThePageUnloads() {
        sendsAndIsScored("segment", "batching", true, 3);
    }

    @Test
    void rudderStackLoadsItsSourceConfigFromIngestAndItsEventsAreScored() {
        sendsAndIsScored("rudderstack", "xhr", false, 3);
    }

    @Test
    void rudderStacksBeaconQueueSendsWhenThePageUnloads() {
        sendsAndIsScored("rudderstack", "beacon", true, 3);
    }

    /**
     * Opens the SDK's page for a new account and waits until scoring applied exactly
     * {@code events}, with none of them rejected.
     *
     * @param onUnload whether the SDK holds the events until the page unloads
     */
    private static void sendsAndIsScored(String sdk, String mode, boolean onUnload, long events) {
        String account = account();
        inBrowser(driver -> {
            open(driver, sdk, mode, account);
            if (onUnload) {
                assertThat(health(account).statusCode()).as("nothing sent before the page unloads").isEqualTo(404);
                driver.get("about:blank");
            }
            assertThat(eventsApplied(account, events)).isEqualTo(events);
        });
        assertThat(rejectionsMentioning(account)).isEmpty();
    }

    @Test
    void aPageOnAnOriginTheKeyDoesNotAllowSendsNothingAndTheRefusalShowsInRejections() throws IOException {
        HttpResponse<String> created = ingest.post("/v1/write-keys", TestKeys.ADMIN, """
                {"label":"another site's key","allowedOrigins":["https://app.example.test"]}""");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode otherKey = JSON.readTree(created.body());
        String account = account();
        inBrowser(driver -> assertThat(errors(load(driver, "segment", "standard", account, otherKey.get("key").asText())))
                .as("the SDK cannot read its settings from ingest").isNotEmpty());

        // Refusals are tallied and written every few seconds.
        JsonNode refusal = await("the refusal in /v1/rejections").atMost(SCORED).until(() -> {
            for (JsonNode rejection : rejections()) {
                JsonNode event = JSON.readTree(rejection.path("event").asText());
                if (otherKey.get("id").asText().equals(event.path("writeKeyId").asText())) {
                    return rejection;
                }
            }
            return null;
        }, Objects::nonNull);
        assertThat(refusal.get("reasons").get(0).get("field").asText()).isEqualTo("Origin");
        assertThat(refusal.get("reasons").get(0).get("rule").asText()).isEqualTo("allowed-origin");
        assertThat(JSON.readTree(refusal.get("event").asText()).get("origin").asText()).isEqualTo(pages.origin());
        assertThat(health(account).statusCode()).isEqualTo(404);
    }

    private static String account() {
        return "browser-" + UUID.randomUUID();
    }

    /** Opens the page and waits until every SDK call on it has returned, failing on any page error. */
    private static void open(ChromeDriver driver, String sdk, String mode, String account) {
        assertThat(errors(load(driver, sdk, mode, account, browserKey))).as("errors on the page").isEmpty();
    }

    /** Opens the page; what it reports once its SDK calls returned or it met an error. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> load(ChromeDriver driver, String sdk, String mode, String account, String key) {
        driver.get(pages.page(sdk, Map.of("ingest", ingest.uri("").toString(), "writeKey", key, "user",
                "user-" + account, "account", account, "mode", mode)));
        return await(sdk + " page done").atMost(Duration.ofSeconds(30))
                .until(() -> (Map<String, Object>) driver.executeScript("return window.touchline || null"),
                        page -> page != null && (Boolean.TRUE.equals(page.get("done")) || !errors(page).isEmpty()));
    }

    @SuppressWarnings("unchecked")
    private static List<Object> errors(Map<String, Object> page) {
        return (List<Object>) page.getOrDefault("errors", List.of());
    }

    /** Waits until scoring has applied {@code expected} events to the account; the count it reached. */
    private static long eventsApplied(String account, long expected) {
        return await("events scored for " + account).atMost(SCORED).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    HttpResponse<String> health = health(account);
                    return health.statusCode() == 200 ? JSON.readTree(health.body()).get("eventsApplied").asLong() : 0;
                }, applied -> applied >= expected);
    }

    private static HttpResponse<String> health(String account) {
        return scoring.get("/v1/accounts/" + account + "/health", TestKeys.OPS);
    }

    /** Rejections whose event mentions the account: there should be none. */
    private static List<JsonNode> rejectionsMentioning(String account) {
        List<JsonNode> found = new ArrayList<>();
        rejections().forEach(r -> {
            if (r.path("event").asText().contains(account)) {
                found.add(r);
            }
        });
        return found;
    }

    /** The tenant's latest rejections. */
    private static JsonNode rejections() {
        try {
            return JSON.readTree(ingest.get("/v1/rejections?limit=500", TestKeys.OPS).body()).get("rejections");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh headless chromium with its own profile, quit after {@code use}. */
    private static void inBrowser(Consumer<ChromeDriver> use) {
        Path profile;
        try {
            profile = Files.createTempDirectory("touchline-chromium");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions().setBinary(which("chromium")).addArguments("--headless=new",
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-quic",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile);
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(which("chromedriver")))
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        try {
            use.accept(driver);
        } catch (AssertionError | RuntimeException e) {
            // What the SDK said in the console (a refused request, a CORS error) is the likeliest cause.
            driver.manage().logs().get(LogType.BROWSER)
                    .forEach(entry -> e.addSuppressed(new AssertionError("browser console: " + entry)));
            throw e;
        } finally {
            driver.quit();
        }
    }

    private static String which(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            File candidate = new File(dir, command);
            if (candidate.canExecute()) {
                return candidate.getPath();
            }
        }
        throw new IllegalStateException(command + " is not on the PATH though prepare.sh installed it");
    }
}
