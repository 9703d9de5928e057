package io.touchline.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The web app the browser tests load: pages that send events through each SDK, built by
 * {@code src/test/browser/prepare.sh} (which installs chromium, chromium-driver and the pinned SDKs
 * first) and served from their own origin, another port than ingest's, so every request the
 * SDKs make to ingest is cross-origin.
 */
final class BrowserPages implements AutoCloseable {

    private static final Duration PREPARE = Duration.ofMinutes(10);
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8", "js",
            "text/javascript; charset=utf-8");

    private final HttpServer server;

    private BrowserPages(Path site) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), Pipeline.freePort()), 0);
        server.createContext("/", exchange -> serve(site, exchange));
        server.start();
    }

    /** Why the pages could not be prepared, in the installer's own words. */
    static final class Unavailable extends Exception {
        Unavailable(String reason) {
            super(reason);
        }
    }

    /**
     * Installs and builds the pages, then serves them.
     *
     * @throws Unavailable where the browser or the SDKs cannot be installed
     */
    static BrowserPages prepare(Path root) throws Unavailable {
        Path out = root.resolve("e2e-tests/target/browser");
        Path log = out.resolveSibling("browser-prepare.log");
        int exit;
        try {
            Files.createDirectories(out);
            Process process = new ProcessBuilder("bash", root.resolve("e2e-tests/src/test/browser/prepare.sh").toString(),
                    out.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!process.waitFor(PREPARE.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            exit = process.isAlive() ? -1 : process.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (exit != 0) {
            throw new Unavailable("chromium, chromium-driver or the SDKs could not be installed (prepare.sh exit "
                    + exit + "):\n" + tail(log));
        }
        try {
            return new BrowserPages(out.resolve("site"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where the pages are served from, e.g. {@code http://127.0.0.1:24031}. */
    String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The page that sends through {@code sdk} ("segment" or "rudderstack"), with its parameters. */
    String page(String sdk, Map<String, String> params) {
        return origin() + "/" + sdk + "/page.html?" + params.entrySet().stream()
                .map(e -> e.getKey() + "=" + java.net.URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static void serve(Path site, HttpExchange exchange) throws IOException {
        try (exchange) {
            Path file = site.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
            if (!file.startsWith(site) || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            String name = file.getFileName().toString();
            exchange.getResponseHeaders().set("Content-Type", TYPES.get(name.substring(name.lastIndexOf('.') + 1)));
            exchange.sendResponseHeaders(200, Files.size(file));
            Files.copy(file, exchange.getResponseBody());
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
