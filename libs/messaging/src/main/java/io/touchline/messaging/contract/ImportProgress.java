package io.touchline.messaging.contract;

import java.time.Instant;
import java.util.List;

/**
 * Payload of {@code import.progress}: how far scoring has come with an import. Each message holds
 * totals, not increments, so a redelivered or older one is harmless: the reader keeps the one
 * with the most events applied.
 *
 * @param importId the import job
 * @param applied events applied so far
 * @param late events that arrived after their account had been scored past their time: counted,
 *        not applied
 * @param lateSamples the first late events' ids and times, at most {@link #MAX_SAMPLES}
 * @param watermark the tenant's event-time clock: what is due before it has been scored
 * @param handedOver the import ended and the tenant's clock is the wall clock again
 */
public record ImportProgress(String importId, long applied, long late, List<String> lateSamples, Instant watermark,
        boolean handedOver) {

    public static final int MAX_SAMPLES = 20;

    public ImportProgress {
        Contracts.require(importId, "importId");
        lateSamples = lateSamples == null ? List.of() : List.copyOf(lateSamples);
    }
}
