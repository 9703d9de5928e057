package io.touchline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class UsageEventsTest {

    private static final Instant DUE = Instant.parse("2026-12-06T02:00:00.123456789Z");

    @Test
    void everyNthEventIsANewHighTouchAccountsGroupCallStampedWithItsDueTime() {
        UsageEvents events = new UsageEvents("e2e1", 3);
        StringBuilder first = new StringBuilder();
        events.append(first, 0, DUE);

        assertThat(first.toString()).isEqualTo("{\"type\":\"group\",\"messageId\":\"e2e1-0\",\"userId\":\"e2e1-u0-0\","
                + "\"groupId\":\"e2e1-a0\",\"traits\":{\"name\":\"Bench account 0\",\"mrr\":650000,\"currency\":\"USD\","
                + "\"seats\":50,\"plan\":\"enterprise\"},\"timestamp\":\"2026-12-06T02:00:00.123456789Z\"}");
    }

    @Test
    void theOtherEventsAreFeatureUseOfAnAccountAlreadyMade() {
        UsageEvents events = new UsageEvents("e2e1", 3);
        for (long n = 0; n < 4; n++) {
            events.append(new StringBuilder(), n, DUE);
        }
        StringBuilder fifth = new StringBuilder();
        events.append(fifth, 4, DUE);

        // Accounts 0 and 1 exist after events 0 and 3; (4 * 7919) % 2 = 0.
        assertThat(fifth.toString()).isEqualTo("{\"type\":\"track\",\"messageId\":\"e2e1-4\",\"userId\":\"e2e1-u0-4\","
                + "\"groupId\":\"e2e1-a0\",\"event\":\"Feature Used\",\"properties\":{\"feature\":\"reports\","
                + "\"path\":\"/app/reports/overview\"},\"timestamp\":\"2026-12-06T02:00:00.123456789Z\"}");
        assertThat(events.accountPrefix()).isEqualTo("e2e1-a");
    }
}
