package io.touchline.scoring.store;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import io.touchline.messaging.Envelope;

/**
 * Per-account health as the REST API reads it, keyed like the Kafka key ({@code tenant:account}).
 * Scoring writes these rows in batches through {@link AccountStore}.
 */
@Entity
@Table(name = "account_health")
public class AccountHealth extends PanacheEntityBase {

    @Id
    public String accountKey;
    public String tenantId;
    public String accountId;
    public double score;
    public String band;
    public Instant firstSeenAt;
    public Instant lastEventAt;
    public long eventsApplied;
    /** The account's {@code AccountState} as JSON. */
    public String state;
    public boolean partial;
    public Double churnProbability;
    public String churnLevel;
    public int scorecardVersion;
    /** The churn model of the score: 0 for the built-in priors. */
    public int churnModelVersion;
    /** The account's {@code ScoreMemory} as JSON: bands, daily scores, episodes, moves. */
    public String memory;
    /** The model's score; {@code score} is the override's while one is active. */
    public double computedScore;
    public boolean overridden;
    @Column(name = "trend_7d")
    public Double trend7d;
    @Column(name = "trend_30d")
    public Double trend30d;
    public String tier;
    public String stage;
    public Instant lastActivityAt;

    public static Uni<AccountHealth> find(String tenantId, String accountId) {
        return findById(Envelope.key(tenantId, accountId));
    }
}
