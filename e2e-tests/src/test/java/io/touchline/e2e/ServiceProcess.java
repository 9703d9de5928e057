package io.touchline.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One packaged service started with {@code java -jar} as a separate process, on free loopback
 * ports: the public one and the management one (health, metrics, OpenAPI). The fault suite kills
 * it and starts it again on the same ports, with its log appended.
 */
public final class ServiceProcess {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public final String name;
    final int port;
    final int managementPort;
    public final Path log;
    private final List<String> command;
    private Process process;

    private ServiceProcess(String name, int port, int managementPort, Path log, List<String> command) {
        this.name = name;
        this.port = port;
        this.managementPort = managementPort;
        this.log = log;
        this.command = command;
    }

    public static ServiceProcess start(Path root, String module, Map<String, String> config, Path logDir) {
        return start(root, module, config, logDir, module);
    }

    /** Another instance of {@code module} (its own ports and log {@code <name>.log}), as a second replica. */
    public static ServiceProcess start(Path root, String module, Map<String, String> config, Path logDir, String name) {
        Path jar = root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: package the services first (./mvnw verify does)");
        }
        int port = Pipeline.freePort();
        int managementPort = Pipeline.freePort();
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xmx256m");
        command.add("-Dquarkus.http.host=127.0.0.1");
        command.add("-Dquarkus.http.port=" + port);
        command.add("-Dquarkus.management.host=127.0.0.1");
        command.add("-Dquarkus.management.port=" + managementPort);
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(jar.toString());
        try {
            Files.createDirectories(logDir);
            Path log = logDir.resolve(name + ".log");
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ServiceProcess service = new ServiceProcess(name, port, managementPort, logDir.resolve(name + ".log"), command);
        service.launch();
        return service;
    }

    private void launch() {
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + name, e);
        }
    }

    /** The process's resident memory (VmRSS), or 0 when it is not running. */
    public long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // ended, or not Linux
        }
        return 0;
    }

    /** SIGKILL, as a crash or an OOM kill: no shutdown hook runs. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts the service again on the same ports, after {@link #kill()} or {@link #stop()}. */
    public void restart() {
        if (process.isAlive()) {
            throw new IllegalStateException(name + " is still running");
        }
        launch();
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public URI managementUri(String path) {
        return URI.create("http://127.0.0.1:" + managementPort + path);
    }

    /** GET on the management port. */
    public HttpResponse<String> management(String path) {
        return send(HttpRequest.newBuilder(managementUri(path)).timeout(Duration.ofSeconds(10)).GET().build());
    }

    /** GET with an optional bearer key; status and body. */
    public HttpResponse<String> get(String path, String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).GET();
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return send(request.build());
    }

    public HttpResponse<String> post(String path, String key, String json) {
        return post(path, key, json, Map.of());
    }

    /** POST with extra headers, such as a W3C {@code traceparent}. */
    public HttpResponse<String> post(String path, String key, String json, Map<String, String> headers) {
        return send(json(path, key, headers).POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public HttpResponse<String> put(String path, String key, String json) {
        return send(json(path, key, Map.of()).PUT(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private HttpRequest.Builder json(String path, String key, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(15))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json");
        headers.forEach(request::header);
        return request;
    }

    public boolean ready() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with " + process.exitValue() + "; log:\n" + tail());
        }
        try {
            return HTTP.send(HttpRequest.newBuilder(managementUri("/q/health/ready")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGTERM, the way an orchestrator stops a replica; SIGKILL if it has not ended in 20 s. */
    public void stop() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

}
