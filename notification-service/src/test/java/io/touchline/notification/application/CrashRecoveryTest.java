package io.touchline.notification.application;

import static io.touchline.notification.Fixtures.awaitDelivery;
import static io.touchline.notification.Fixtures.touch;
import static io.touchline.notification.Fixtures.unique;
import static io.touchline.notification.GreenMailTestResource.mailsTo;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.touchline.messaging.Envelope;
import io.touchline.messaging.EnvelopeCodec;
import io.touchline.messaging.Topics;
import io.touchline.notification.GreenMailTestResource;
import io.touchline.testing.TestKafka;
import io.touchline.testing.TestKeys;
import io.touchline.testing.TouchlineTestResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

@QuarkusTest
@WithTestResource(TouchlineTestResource.class)
@WithTestResource(GreenMailTestResource.class)
class CrashRecoveryTest {

    @Inject
    EnvelopeCodec codec;

    @Inject
    Pool pool;

    /**
     * A process recorded an attempt, may or may not have sent the email, and died before
     * recording the outcome: the delivery is marked FAILED with reason outcome-unknown, visibly,
     * and not sent again.
     */
    @Test
    void anAttemptLeftInFlightByADeadProcessIsMarkedUnknownAndNotRepeated() {
        String address = unique("fay") + "@acme.test";
        Envelope request = touch(codec, unique("acme"), "email", address, "welcome");
        pool.preparedQuery("""
                insert into delivery (tenant_id, id, account_id, kind, channel, recipient, template_id, request, status,
                    attempts, next_attempt_at, requested_at, created_at, updated_at)
                values ($1, $2, $3, 'message', 'email', $4, 'welcome', $5, 'PENDING', 1, null, now(), now(), now())""")
                .execute(Tuple.of(TestKeys.TENANT, request.id(), request.accountId(), address, codec.encode(request)))
                .await().indefinitely();
        pool.preparedQuery("""
                insert into delivery_attempt (tenant_id, delivery_id, attempt, started_at, outcome)
                values ($1, $2, 1, now() - interval '1 hour', 'in-flight')""")
                .execute(Tuple.of(TestKeys.TENANT, request.id())).await().indefinitely();

        JsonPath failed = awaitDelivery(request.id(), "FAILED");

        assertThat(failed.getString("delivery.reason")).isEqualTo("outcome-unknown");
        assertThat(failed.getList("attempts.outcome")).containsExactly("unknown");
        assertThat(failed.getString("attempts[0].detail"))
                .isEqualTo("no outcome recorded: the process stopped during the send; not sent again");
        assertThat(mailsTo(address)).isEmpty();
        assertThat(codec.decode(TestKafka.awaitDeadLetter(Topics.TOUCH_MESSAGES, request.key()).value()).id())
                .isEqualTo(request.id());
    }
}
