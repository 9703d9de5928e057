package io.touchline.simulator.domain;

import java.time.LocalDate;

/**
 * One simulated account and its known truth.
 *
 * @param mrr monthly contract amount in {@link Simulation#CURRENCY}
 * @param expectedTier the touch tier Touchline's default boundaries give that amount
 * @param silentFrom the first day without any use (null: used to the end or until it churned)
 * @param churnsOn the day it churns (null: it stays)
 */
public record SimulatedAccount(String accountId, String name, Profile profile, long mrr, String expectedTier,
        int seats, String csmOwner, LocalDate contractStart, LocalDate renewalDate, LocalDate silentFrom,
        LocalDate churnsOn) {
}
