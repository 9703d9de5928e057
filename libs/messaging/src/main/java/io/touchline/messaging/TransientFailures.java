package io.touchline.messaging;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.core.JacksonException;

import io.vertx.core.VertxException;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;

/**
 * Tells failures that go away by themselves (the database or broker is unreachable, restarting
 * or overloaded; a serialization conflict) from failures that would repeat forever.
 */
public final class TransientFailures {

    /** Back-off between retries of a transient failure: from this... */
    public static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    /** ...doubling up to this. */
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private static final String POOL_CLOSED = "Pool closed";

    private TransientFailures() {
    }

    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PoisonMessageException) {
                return false;
            }
            // IOException covers refused and reset connections; VertxException covers the
            // "connection is not active" family the pooled client reports. Jackson's failures are
            // IOExceptions too, but JSON that cannot be read or written never gets better.
            if (t instanceof IOException && !(t instanceof JacksonException) || t instanceof TimeoutException
                    || t instanceof io.smallrye.mutiny.TimeoutException || t instanceof ClosedConnectionException
                    || t instanceof VertxException && !(t instanceof PgException)) {
                return true;
            }
            if (t instanceof PgException pg && isTransientSqlState(pg.getSqlState())) {
                return true;
            }
            // While the application stops, the pool closes before the consumers do. What is in
            // flight then waits instead of being dead-lettered; its offset never commits, so it
            // comes again after the restart. Vert.x says so only in this message.
            if (t instanceof NoStackTraceThrowable && POOL_CLOSED.equals(t.getMessage())) {
                return true;
            }
        }
        return false;
    }

    /**
     * SQLSTATE classes: 08 connection exception, 53 insufficient resources, 57 operator
     * intervention (e.g. admin shutdown), 40001 serialization failure, 40P01 deadlock; 25006, a
     * read-only transaction (connected to a standby, or to a primary demoted by a failover, until
     * the pool reaches the new primary); 58000 and 58030, system and I/O errors of the server.
     */
    static boolean isTransientSqlState(String state) {
        if (state == null) {
            return false;
        }
        return state.startsWith("08") || state.startsWith("53") || state.startsWith("57")
                || state.equals("40001") || state.equals("40P01") || state.equals("25006")
                || state.equals("58000") || state.equals("58030");
    }
}
