package io.touchline.playbook.domain;

import java.time.Instant;
import java.util.List;

import io.touchline.messaging.contract.HealthSignal;

/**
 * What playbooks know of a signal: the account as scoring described it when the signal fired.
 * Tier and stage come from scoring and are never derived again here.
 *
 * @param at when the signal's cause happened (the envelope's event time): guard rails and due
 *        dates run on this clock, so the same history gives the same effects live, replayed and
 *        simulated
 * @param activeUsers users active within 30 days, most recent first
 * @param userId the user whose event raised the signal, if any
 */
public record SignalFacts(String tenantId, String accountId, String signalId, String signalType, Instant at,
        double score, String band, String tier, String stage, Double churnProbability, String churnLevel,
        String csmOwner, String primaryContact, List<String> activeUsers, String userId) {

    public SignalFacts {
        activeUsers = activeUsers == null ? List.of() : List.copyOf(activeUsers);
    }

    /** The facts of a signal as it arrived in an envelope of the tenant and account, at its event time. */
    public static SignalFacts of(String tenantId, String accountId, Instant at, HealthSignal signal) {
        HealthSignal.Snapshot snapshot = signal.snapshot();
        HealthSignal.AccountInputs account = signal.account();
        return new SignalFacts(tenantId, accountId, signal.signalId(), signal.signalType(), at, signal.score(),
                signal.band(), account == null ? null : account.tier(), account == null ? null : account.stage(),
                snapshot == null ? null : snapshot.churnProbability(), snapshot == null ? null : snapshot.churnLevel(),
                account == null ? null : account.csmOwner(), account == null ? null : account.primaryContact(),
                account == null ? List.of() : account.activeUserIds(), signal.userId());
    }
}
