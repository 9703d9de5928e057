package io.touchline.ingest.store;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.touchline.ingest.config.IngestConfig;

/** Deletes rejections older than {@code touchline.ingest.rejection-retention}, hourly. */
@ApplicationScoped
public class RejectionRetention {

    private static final Logger LOG = Logger.getLogger(RejectionRetention.class);

    private final RejectionStore store;
    private final IngestConfig config;

    public RejectionRetention(RejectionStore store, IngestConfig config) {
        this.store = store;
        this.config = config;
    }

    // Not while the application stops: the pool may be closed already.
    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> purge() {
        return store.purgeBefore(Instant.now().minus(config.rejectionRetention()))
                .invoke(purged -> LOG.debugf("Purged %d rejections", purged))
                .replaceWithVoid();
    }
}
