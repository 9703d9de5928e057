package io.touchline.scoring.store;

import java.time.Instant;
import java.util.List;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.touchline.messaging.Envelope;

/** One score change of an account: when (event time), what, and which event caused it. */
@Entity
@Table(name = "health_history")
public class HealthHistory extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String accountKey;
    public Instant scoredAt;
    public double score;
    public String band;
    public Double churn;
    public boolean partial;
    /** The envelope id of the usage event that moved the score. */
    public String causedBy;

    /** Newest first, at most {@code limit}, not after {@code until}. */
    public static Uni<List<HealthHistory>> of(String tenantId, String accountId, Instant until, int limit) {
        return HealthHistory.<HealthHistory> find("accountKey = :key and scoredAt <= :until",
                Sort.descending("scoredAt").and("id", Sort.Direction.Descending),
                Parameters.with("key", Envelope.key(tenantId, accountId)).and("until", until))
                .page(0, limit).list();
    }
}
