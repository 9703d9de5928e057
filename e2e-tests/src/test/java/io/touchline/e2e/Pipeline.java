package io.touchline.e2e;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import io.touchline.testing.KafkaBroker;
import io.touchline.testing.TestDatabase;
import io.touchline.testing.TestKeys;
import io.touchline.testing.WebhookReceiver;

/**
 * The four packaged services as separate processes against one Kafka broker, one PostgreSQL
 * database and an SMTP server in this JVM: started once for every end-to-end test class of the
 * run, stopped when the JVM ends.
 */
public final class Pipeline {

    private static final Duration STARTUP = Duration.ofSeconds(120);
    private static Pipeline running;

    final Path root;
    final ServiceProcess ingest;
    final ServiceProcess scoring;
    final ServiceProcess playbook;
    final ServiceProcess notification;
    final GreenMail mail;
    /** The OTLP collector every service exports its spans to: tracing is on in this run. */
    final WebhookReceiver collector;

    private Pipeline(Path root, ServiceProcess ingest, ServiceProcess scoring, ServiceProcess playbook,
            ServiceProcess notification, GreenMail mail, WebhookReceiver collector) {
        this.root = root;
        this.ingest = ingest;
        this.scoring = scoring;
        this.playbook = playbook;
        this.notification = notification;
        this.mail = mail;
        this.collector = collector;
    }

    static synchronized Pipeline get() {
        if (running == null) {
            running = start();
            Runtime.getRuntime().addShutdownHook(new Thread(running::stop));
        }
        return running;
    }

    List<ServiceProcess> services() {
        return List.of(ingest, scoring, playbook, notification);
    }

    private static Pipeline start() {
        Path root = root();
        Map<String, String> config = new HashMap<>(TestDatabase.coordinates().quarkusConfig());
        config.put("kafka.bootstrap.servers", KafkaBroker.bootstrapServers());
        config.put("touchline.auth.keys", TestKeys.authKeysConfig());
        Path logs = root.resolve("e2e-tests/target/e2e-logs");
        GreenMail mail = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        config.put("quarkus.mailer.port", Integer.toString(mail.getSmtp().getPort()));
        WebhookReceiver collector = new WebhookReceiver();
        config.put("quarkus.otel.sdk.disabled", "false");
        config.put("quarkus.otel.exporter.otlp.traces.protocol", "http/protobuf");
        config.put("quarkus.otel.exporter.otlp.traces.endpoint", collector.url(""));
        config.put("quarkus.otel.bsp.schedule.delay", "200ms");

        Pipeline pipeline = new Pipeline(root,
                ServiceProcess.start(root, "ingest-service", config, logs),
                ServiceProcess.start(root, "scoring-service", config, logs),
                ServiceProcess.start(root, "playbook-service", config, logs),
                ServiceProcess.start(root, "notification-service", config, logs),
                mail, collector);
        try {
            for (ServiceProcess service : pipeline.services()) {
                await(service.name + " ready").atMost(STARTUP).pollInterval(Duration.ofMillis(250)).until(service::ready);
            }
        } catch (RuntimeException e) {
            pipeline.stop();
            throw e;
        }
        return pipeline;
    }

    /** The checkout the services were built in. */
    static Path root() {
        return Path.of(System.getProperty("touchline.root", "..")).toAbsolutePath().normalize();
    }

    private void stop() {
        services().forEach(ServiceProcess::stop);
        mail.stop();
        collector.close();
    }

    /**
     * A free loopback port below Linux's ephemeral range (32768-60999): a port the kernel hands
     * out could be taken as the local end of some outgoing connection before the service binds it.
     */
    public static int freePort() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int candidate = ThreadLocalRandom.current().nextInt(20000, 32000);
            try (ServerSocket socket = new ServerSocket(candidate, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException e) {
                // taken: try another
            }
        }
        throw new UncheckedIOException(new IOException("no free port in 20000-32000"));
    }
}
