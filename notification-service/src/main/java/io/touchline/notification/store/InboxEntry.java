package io.touchline.notification.store;

import java.time.Instant;
import java.util.List;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

/** An in-app message waiting in a user's inbox; its id is the touch message's id. */
@Entity
@Table(name = "inbox_entry")
public class InboxEntry extends PanacheEntityBase {

    @Id
    public String id;
    public String tenantId;
    public String accountId;
    public String userId;
    public String title;
    public String body;
    public Instant createdAt;
    public Instant readAt;

    public static Uni<List<InboxEntry>> forUser(String tenantId, String userId, int limit) {
        return InboxEntry.<InboxEntry> find("tenantId = :tenantId and userId = :userId",
                Sort.descending("createdAt").and("id"),
                Parameters.with("tenantId", tenantId).and("userId", userId))
                .page(0, limit).list();
    }
}
