package io.touchline.messaging.inbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.touchline.messaging.config.InboxConfig;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Forgets applied message ids after {@code touchline.inbox.retention} (default 7 days), far
 * beyond any redelivery Kafka makes after a rebalance or restart, so the inbox stays small.
 */
@ApplicationScoped
public class InboxRetention {

    private static final Logger LOG = Logger.getLogger(InboxRetention.class);

    @Inject
    Pool pool;

    @Inject
    Vertx vertx;

    @Inject
    InboxConfig config;

    private long timerId = -1;

    void onStart(@Observes StartupEvent event) {
        timerId = vertx.setPeriodic(config.purgeInterval().toMillis(), id -> purge().subscribe().with(
                purged -> LOG.debugf("Purged %d inbox ids older than %s", purged, config.retention()),
                failure -> LOG.warnf("Inbox purge failed, retrying in %s: %s", config.purgeInterval(), failure)));
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    /** Deletes the ids applied longer ago than the retention; emits how many. */
    public Uni<Integer> purge() {
        return pool.preparedQuery("delete from inbox_message where received_at < now() - make_interval(secs => $1)")
                .execute(Tuple.of((double) config.retention().toSeconds()))
                .map(rows -> rows.rowCount());
    }
}
