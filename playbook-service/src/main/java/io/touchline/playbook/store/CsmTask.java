package io.touchline.playbook.store;

import java.time.Instant;
import java.util.List;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

/** A task for a CSM (or a team queue when the account has no owner yet). */
@Entity
@Table(name = "csm_task")
public class CsmTask extends PanacheEntityBase {

    @Id
    public String id;
    public String tenantId;
    public String accountId;
    public String signalId;
    public String signalType;
    public String title;
    public String status;
    public String priority;
    public Instant dueAt;
    public Instant createdAt;

    public static Uni<List<CsmTask>> listForTenant(String tenantId, String accountId, String status, int limit) {
        StringBuilder query = new StringBuilder("tenantId = :tenantId");
        var params = io.quarkus.panache.common.Parameters.with("tenantId", tenantId);
        if (accountId != null) {
            query.append(" and accountId = :accountId");
            params = params.and("accountId", accountId);
        }
        if (status != null) {
            query.append(" and status = :status");
            params = params.and("status", status);
        }
        return CsmTask.<CsmTask> find(query.toString(), Sort.descending("createdAt").and("id"), params)
                .page(0, limit).list();
    }
}
