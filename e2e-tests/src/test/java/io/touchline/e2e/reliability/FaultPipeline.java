package io.touchline.e2e.reliability;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import io.touchline.e2e.Pipeline;
import io.touchline.e2e.ServiceProcess;
import io.touchline.testing.RestartableDatabase;
import io.touchline.testing.RestartableKafkaBroker;
import io.touchline.testing.TestKeys;

/**
 * The four packaged services as separate processes, on a Kafka broker and a PostgreSQL server
 * that can be stopped and started again, and an SMTP server: one per fault-suite JVM, apart from
 * the end-to-end tests' {@link Pipeline}, because the suite kills what it runs.
 */
final class FaultPipeline {

    static final Duration STARTUP = Duration.ofSeconds(120);
    /**
     * A killed consumer's partitions wait this long for its heartbeat before they are handed to
     * the restarted process (Kafka's default is 45 s; docs/reliability.md says so).
     */
    static final String SESSION_TIMEOUT_MS = "10000";
    /** How long an email attempt may stay in flight before it is taken as unknown (2 min by default). */
    static final String IN_FLIGHT_LEASE = "10s";

    /** notification-service logs in to the SMTP server with these; the security scenario looks for the password. */
    static final String SMTP_USER = "touchline-smtp";
    static final String SMTP_PASSWORD = "smtp-password-" + java.util.UUID.randomUUID();

    private static FaultPipeline running;

    final Path root;
    final RestartableKafkaBroker broker;
    final RestartableDatabase database;
    final GreenMail mail;
    final ServiceProcess ingest;
    final ServiceProcess scoring;
    final ServiceProcess playbook;
    final ServiceProcess notification;
    private final Map<String, String> config;
    private final Path logs;
    private final List<ServiceProcess> extras = new ArrayList<>();

    private FaultPipeline(Path root, RestartableKafkaBroker broker, RestartableDatabase database, GreenMail mail,
            Map<String, String> config, Path logs) {
        this.root = root;
        this.broker = broker;
        this.database = database;
        this.mail = mail;
        this.config = config;
        this.logs = logs;
        this.ingest = ServiceProcess.start(root, "ingest-service", config, logs);
        this.scoring = ServiceProcess.start(root, "scoring-service", config, logs);
        this.playbook = ServiceProcess.start(root, "playbook-service", config, logs);
        this.notification = ServiceProcess.start(root, "notification-service", config, logs);
    }

    static synchronized FaultPipeline get() {
        if (running == null) {
            running = start();
            Runtime.getRuntime().addShutdownHook(new Thread(running::stop));
        }
        return running;
    }

    List<ServiceProcess> services() {
        return List.of(ingest, scoring, playbook, notification);
    }

    ServiceProcess service(String module) {
        return services().stream().filter(s -> s.name.equals(module)).findFirst().orElseThrow();
    }

    /** A second replica of {@code module}, joining the consumer groups of the first. */
    ServiceProcess secondInstance(String module) {
        ServiceProcess extra = ServiceProcess.start(root, module, config, logs, module + "-2");
        extras.add(extra);
        return extra;
    }

    static void awaitReady(ServiceProcess service) {
        await(service.name + " ready").atMost(STARTUP).pollInterval(Duration.ofMillis(200)).until(service::ready);
    }

    private static FaultPipeline start() {
        Path root = Path.of(System.getProperty("touchline.root", "..")).toAbsolutePath().normalize();
        RestartableKafkaBroker broker = RestartableKafkaBroker.start();
        RestartableDatabase database = RestartableDatabase.get();
        Map<String, String> config = new HashMap<>(database.coordinates().quarkusConfig());
        config.put("kafka.bootstrap.servers", broker.bootstrapServers());
        config.put("kafka.session.timeout.ms", SESSION_TIMEOUT_MS);
        config.put("touchline.auth.keys", TestKeys.authKeysConfig());
        config.put("touchline.notification.in-flight-lease", IN_FLIGHT_LEASE);
        GreenMail mail = new GreenMail(new ServerSetup(Pipeline.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        mail.setUser(SMTP_USER + "@touchline.test", SMTP_USER, SMTP_PASSWORD);
        config.put("quarkus.mailer.port", Integer.toString(mail.getSmtp().getPort()));
        config.put("quarkus.mailer.username", SMTP_USER);
        config.put("quarkus.mailer.password", SMTP_PASSWORD);
        FaultPipeline pipeline = new FaultPipeline(root, broker, database, mail, config,
                root.resolve("e2e-tests/target/reliability-logs"));
        try {
            pipeline.services().forEach(FaultPipeline::awaitReady);
        } catch (RuntimeException e) {
            pipeline.stop();
            throw e;
        }
        return pipeline;
    }

    private void stop() {
        extras.forEach(ServiceProcess::stop);
        services().forEach(ServiceProcess::stop);
        mail.stop();
        broker.close();
        database.stop();
    }
}
