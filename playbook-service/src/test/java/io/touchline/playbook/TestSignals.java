package io.touchline.playbook;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.touchline.messaging.Envelope;
import io.touchline.messaging.Topics;
import io.touchline.messaging.contract.HealthSignal;
import io.touchline.testing.TestKafka;
import io.touchline.testing.TestKeys;

/**
 * Health signals as scoring publishes them, built for a test and produced to the test broker.
 * Each has a fresh id unless the test reuses one.
 */
public record TestSignals(String tenantId, String accountId, String signalId, String type, double score, String band,
        String tier, String stage, Double churnProbability, String churnLevel, String csmOwner, String primaryContact,
        List<String> activeUsers, String userId, Instant at) {

    /** A Tuesday: tasks due in 2 business days are due on Thursday 2026-12-03. */
    public static final Instant TUESDAY = Instant.parse("2026-12-01T10:00:00Z");

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());

    /** A red band change of a low-touch account in adoption, with a CSM, a contact and two active users. */
    public static TestSignals red(String accountId) {
        return new TestSignals(TestKeys.TENANT, accountId, UUID.randomUUID().toString(), "HEALTH_BAND_CHANGED", 40.0,
                "red", "low-touch", "adoption", 0.3, "medium", "kim@vendor.example", "ceo@" + accountId, List.of("u1", "u2"),
                "u1", TUESDAY);
    }

    public TestSignals ofType(String newType, String newBand) {
        return new TestSignals(tenantId, accountId, UUID.randomUUID().toString(), newType, score, newBand, tier, stage,
                churnProbability, churnLevel, csmOwner, primaryContact, activeUsers, userId, at);
    }

    public TestSignals tier(String newTier) {
        return new TestSignals(tenantId, accountId, signalId, type, score, band, newTier, stage, churnProbability,
                churnLevel, csmOwner, primaryContact, activeUsers, userId, at);
    }

    public TestSignals stage(String newStage) {
        return new TestSignals(tenantId, accountId, signalId, type, score, band, tier, newStage, churnProbability,
                churnLevel, csmOwner, primaryContact, activeUsers, userId, at);
    }

    public TestSignals score(double newScore) {
        return new TestSignals(tenantId, accountId, signalId, type, newScore, band, tier, stage, churnProbability,
                churnLevel, csmOwner, primaryContact, activeUsers, userId, at);
    }

    public TestSignals owner(String newOwner) {
        return new TestSignals(tenantId, accountId, signalId, type, score, band, tier, stage, churnProbability,
                churnLevel, newOwner, primaryContact, activeUsers, userId, at);
    }

    public TestSignals contact(String newContact) {
        return new TestSignals(tenantId, accountId, signalId, type, score, band, tier, stage, churnProbability,
                churnLevel, csmOwner, newContact, activeUsers, userId, at);
    }

    public TestSignals account(String newAccount) {
        return new TestSignals(tenantId, newAccount, UUID.randomUUID().toString(), type, score, band, tier, stage,
                churnProbability, churnLevel, csmOwner, primaryContact == null ? null : "ceo@" + newAccount, activeUsers,
                userId, at);
    }

    public TestSignals tenant(String newTenant) {
        return new TestSignals(newTenant, accountId, signalId, type, score, band, tier, stage, churnProbability,
                churnLevel, csmOwner, primaryContact, activeUsers, userId, at);
    }

    /** The same signal again later: another id, the same account. */
    public TestSignals next(Instant newAt) {
        return new TestSignals(tenantId, accountId, UUID.randomUUID().toString(), type, score, band, tier, stage,
                churnProbability, churnLevel, csmOwner, primaryContact, activeUsers, userId, newAt);
    }

    public String key() {
        return Envelope.key(tenantId, accountId);
    }

    public Envelope envelope() {
        HealthSignal signal = new HealthSignal(signalId, type, score, band, userId, "test",
                new HealthSignal.Snapshot(score, false, 1, churnProbability, churnLevel, null, null, false),
                new HealthSignal.AccountInputs("Acme", "pro", new BigDecimal("100000"), "JPY", 10, activeUsers.size(), null,
                        null, csmOwner, tier, stage, primaryContact, "revenue", activeUsers),
                null);
        return new Envelope(signalId, "health.signal", tenantId, accountId, at, Instant.now(), JSON.valueToTree(signal));
    }

    public TestSignals produce() {
        TestKafka.produce(Topics.HEALTH_SIGNALS, envelope());
        return this;
    }
}
