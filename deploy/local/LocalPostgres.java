import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The local run's PostgreSQL: real PostgreSQL binaries from Maven Central (zonky embedded
 * PostgreSQL, the same as the tests use), on 127.0.0.1, keeping its data between runs.
 * ./touchline runs it with the Java source launcher; stopping this process stops PostgreSQL.
 *
 * Usage: java -cp "<jars>/*" LocalPostgres.java <port> <data-directory>
 */
public class LocalPostgres {

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Path data = Path.of(args[1]).toAbsolutePath();
        Files.createDirectories(data);
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setServerConfig("listen_addresses", "127.0.0.1")
                // The library starts PostgreSQL for tests, with fsync and synchronous commit off. The
                // local run keeps data between runs and commits offsets only after a commit, so
                // both go back on: a crash must not lose a commit whose offsets went to Kafka.
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                // Every transaction's commit time is kept (a few bytes each): the playbook
                // benchmark reads how long a signal took to become a committed task from it.
                .setServerConfig("track_commit_timestamp", "on")
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                postgres.close();
            } catch (Exception e) {
                e.printStackTrace();
            }
        }));
        System.out.println("PostgreSQL ready on 127.0.0.1:" + port + ", data in " + data);
        new CountDownLatch(1).await();
    }
}
