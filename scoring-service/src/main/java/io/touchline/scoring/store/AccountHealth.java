package io.touchline.scoring.store;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import io.touchline.messaging.Envelope;

/** Per-account health state, keyed like the Kafka key ({@code tenant:account}). */
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
    /** Measures and churn factors of the latest score, as JSON. */
    public String explanation;

    public static Uni<AccountHealth> find(String tenantId, String accountId) {
        return findById(Envelope.key(tenantId, accountId));
    }
}
