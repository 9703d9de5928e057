package io.touchline.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.core.JsonParseException;

import io.vertx.core.Vertx;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.Pool;

class TransientFailuresTest {

    @ParameterizedTest(name = "SQLSTATE {0} transient: {1}")
    @CsvSource({
            "08006, true", // connection failure
            "57P01, true", // admin shutdown
            "53300, true", // too many connections
            "40001, true", // serialization failure
            "40P01, true", // deadlock
            "25006, true", // read-only transaction: a standby, or a primary demoted by a failover
            "58030, true", // I/O error of the server
            "23505, false", // unique violation: would repeat forever
            "42P01, false", // undefined table: a bug, not an outage
    })
    void sortsPostgresErrorsBySqlState(String state, boolean expected) {
        PgException failure = new PgException("boom", "ERROR", state, "detail");

        assertThat(TransientFailures.isTransient(failure)).isEqualTo(expected);
        assertThat(TransientFailures.isTransient(new CompletionException(failure))).isEqualTo(expected);
    }

    @Test
    void connectionLossIsTransientWhereverItIsWrapped() {
        assertThat(TransientFailures.isTransient(new RuntimeException(new ConnectException("refused")))).isTrue();
        assertThat(TransientFailures.isTransient(ClosedConnectionException.INSTANCE)).isTrue();
        assertThat(TransientFailures.isTransient(new io.smallrye.mutiny.TimeoutException())).isTrue();
    }

    @Test
    void aPoolClosedUnderAQueryIsTransient() throws Exception {
        // What a consumer's query meets while the application stops: the real client's failure.
        Vertx vertx = Vertx.vertx();
        try {
            Pool pool = PgBuilder.pool()
                    .connectingTo(new PgConnectOptions().setHost("127.0.0.1").setPort(1))
                    .using(vertx)
                    .build();
            pool.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

            Throwable failure = pool.query("select 1").execute().toCompletionStage().toCompletableFuture()
                    .handle((rows, error) -> error).get(10, TimeUnit.SECONDS);

            assertThat(failure).hasMessage("Pool closed");
            assertThat(TransientFailures.isTransient(failure)).isTrue();
            assertThat(TransientFailures.isTransient(new CompletionException(failure))).isTrue();
            assertThat(TransientFailures.isTransient(new NoStackTraceThrowable("something else"))).isFalse();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void poisonAndProgrammingErrorsAreNot() {
        assertThat(TransientFailures.isTransient(new PoisonMessageException("bad"))).isFalse();
        assertThat(TransientFailures.isTransient(new IllegalStateException("bug"))).isFalse();
    }

    @Test
    void jsonThatCannotBeReadIsNotTransientThoughJacksonSaysIOException() {
        // What reading a stored state written by a newer version meets: a Jackson failure, wrapped.
        Throwable unreadable = new UncheckedIOException(
                new JsonParseException(null, "Unrecognized token 'x'"));

        assertThat(unreadable.getCause()).isInstanceOf(IOException.class);
        assertThat(TransientFailures.isTransient(unreadable)).isFalse();
        assertThat(TransientFailures.isTransient(new CompletionException(unreadable))).isFalse();
    }
}
