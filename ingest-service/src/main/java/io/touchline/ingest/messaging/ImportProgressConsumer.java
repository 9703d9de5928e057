package io.touchline.ingest.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.touchline.ingest.store.ImportJobStore;
import io.touchline.messaging.Channels;
import io.touchline.messaging.Envelope;
import io.touchline.messaging.EnvelopeCodec;
import io.touchline.messaging.PoisonMessageException;
import io.touchline.messaging.TransientFailures;
import io.touchline.messaging.contract.ImportProgress;
import io.touchline.messaging.contract.MessageTypes;

/**
 * Scoring's progress with each import, onto its job, so {@code GET /v1/imports/{id}} shows the
 * events applied and late, the watermark and the hand-over. Reports hold totals: one redelivered
 * or out of date changes nothing. A record that is not a report is logged and skipped: the next
 * report of its import holds everything it said.
 */
@ApplicationScoped
public class ImportProgressConsumer {

    private static final Logger LOG = Logger.getLogger(ImportProgressConsumer.class);

    private final EnvelopeCodec codec;
    private final ImportJobStore jobs;

    public ImportProgressConsumer(EnvelopeCodec codec, ImportJobStore jobs) {
        this.codec = codec;
        this.jobs = jobs;
    }

    @Incoming(Channels.IMPORT_PROGRESS_IN)
    public Uni<Void> onProgress(String value) {
        Envelope envelope;
        ImportProgress progress;
        try {
            envelope = codec.decode(value);
            if (!MessageTypes.IMPORT_PROGRESS.equals(envelope.type())) {
                throw new PoisonMessageException("not an import progress report: " + envelope.type());
            }
            progress = codec.payload(envelope, ImportProgress.class);
        } catch (PoisonMessageException e) {
            LOG.warnf("Skipping a record of import-progress: %s", e.getMessage());
            return Uni.createFrom().voidItem();
        }
        return jobs.progress(envelope.tenantId(), progress)
                .onFailure(TransientFailures::isTransient).retry()
                .withBackOff(TransientFailures.FIRST_BACKOFF, TransientFailures.MAX_BACKOFF).indefinitely();
    }
}
