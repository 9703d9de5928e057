package io.touchline.scoring.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.touchline.messaging.inbox.InboxRetention;
import io.touchline.testing.TouchlineTestResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

@QuarkusTest
@WithTestResource(TouchlineTestResource.class)
class InboxRetentionTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    Pool pool;

    @Inject
    InboxRetention retention;

    @Test
    void forgetsIdsOlderThanTheRetentionAndKeepsTheRest() {
        String old = "old-" + UUID.randomUUID();
        String recent = "recent-" + UUID.randomUUID();
        insert(old, 8);
        insert(recent, 6);

        int purged = retention.purge().await().atMost(WAIT);

        assertThat(purged).isGreaterThanOrEqualTo(1);
        assertThat(exists(old)).isFalse();
        assertThat(exists(recent)).isTrue();
    }

    private void insert(String id, int ageDays) {
        pool.preparedQuery("insert into inbox_message (consumer, message_id, received_at) "
                + "values ('test', $1, now() - make_interval(days => $2))")
                .execute(Tuple.of(id, ageDays)).await().atMost(WAIT);
    }

    private boolean exists(String id) {
        return pool.preparedQuery("select 1 from inbox_message where message_id = $1")
                .execute(Tuple.of(id)).await().atMost(WAIT).size() == 1;
    }
}
