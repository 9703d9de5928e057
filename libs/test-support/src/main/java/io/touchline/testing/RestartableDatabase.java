package io.touchline.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * An embedded PostgreSQL of its own that a fault test can stop and start again on the same port
 * and data directory, like a database server restarting: committed data survives, connections
 * drop. Use it with {@link RestartableDatabaseTestResource}.
 */
public final class RestartableDatabase {

    private static RestartableDatabase instance;

    private final Path dataDirectory;
    private final int port;
    private EmbeddedPostgres server;

    private RestartableDatabase(Path dataDirectory, int port) {
        this.dataDirectory = dataDirectory;
        this.port = port;
    }

    /** The one restartable database of this JVM, started on first use. */
    public static synchronized RestartableDatabase get() {
        if (instance == null) {
            try {
                int port;
                try (ServerSocket socket = new ServerSocket(0)) {
                    port = socket.getLocalPort();
                }
                instance = new RestartableDatabase(Files.createTempDirectory("touchline-restartable-pg"), port);
                instance.start();
                Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "restartable-postgres-stop"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    public TestDatabase.Coordinates coordinates() {
        return new TestDatabase.Coordinates("127.0.0.1", port, "postgres", "postgres", "postgres");
    }

    /** Stops the server; clients see their connections fail until {@link #restart()}. */
    public synchronized void stop() {
        if (server != null) {
            try {
                server.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                server = null;
            }
        }
    }

    /** Starts the server again on the same port and data. */
    public synchronized void restart() {
        start();
    }

    // Never a clean data directory: zonky would delete it on close, and the data must survive.
    private void start() {
        try {
            server = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the restartable PostgreSQL", e);
        }
    }
}
