package io.touchline.playbook.domain;

import java.time.ZoneId;
import java.util.Map;

/**
 * A tenant's playbook settings.
 *
 * @param timeZone where its business days are counted
 * @param queues the team queue that owns tasks of accounts without a CSM, by tier
 * @param fallbackOwner who owns a task when neither a CSM nor a queue of the tier is known
 */
public record TenantSettings(ZoneId timeZone, Map<String, String> queues, String fallbackOwner) {

    public static final TenantSettings DEFAULT = new TenantSettings(ZoneId.of("UTC"),
            Map.of("high-touch", "high-touch-team", "low-touch", "low-touch-team", "tech-touch", "tech-touch-team"),
            "cs-team");

    public TenantSettings {
        queues = Map.copyOf(queues);
    }

    /** A task's owner: the account's CSM, else the queue of its tier, else the fallback. */
    public String owner(String tier, String csmOwner) {
        if (csmOwner != null && !csmOwner.isBlank()) {
            return csmOwner;
        }
        String queue = tier == null ? null : queues.get(tier);
        return queue != null ? queue : fallbackOwner;
    }
}
