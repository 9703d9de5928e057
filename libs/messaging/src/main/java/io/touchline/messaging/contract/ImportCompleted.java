package io.touchline.messaging.contract;

/**
 * Payload of {@code import.completed}: ingest writes one to every partition of
 * {@code usage-imports} when an import ends, after all its events, so a consumer that has seen it
 * on {@code partitions} partitions has seen every event of the import.
 *
 * @param importId the import job
 * @param partitions how many partitions carry a marker
 */
public record ImportCompleted(String importId, int partitions) {

    public ImportCompleted {
        Contracts.require(importId, "importId");
    }
}
