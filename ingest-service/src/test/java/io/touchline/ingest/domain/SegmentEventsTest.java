package io.touchline.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.touchline.messaging.DeterministicIds;
import io.touchline.messaging.Envelope;

class SegmentEventsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Instant RECEIVED = Instant.parse("2026-11-24T10:00:00Z");

    private static ObjectNode json(String text) throws Exception {
        return (ObjectNode) MAPPER.readTree(text.replace('\'', '"'));
    }

    @ParameterizedTest(name = "{0}: {1} -> {2} {3}")
    @CsvSource(delimiter = '|', textBlock = """
            track    | {'userId':'u1','event':'Login'}                                    | groupId   | required
            track    | {'groupId':'acme','event':'Login'}                                 | userId    | required
            track    | {'userId':'u1','groupId':'acme'}                                   | event     | required
            track    | {'type':'page','userId':'u1','groupId':'acme','event':'Login'}     | type      | matches-endpoint
            identify | {'userId':'u1','groupId':'acme','timestamp':'yesterday'}           | timestamp | iso-8601
            identify | {'userId':'u1','groupId':'acme','messageId':42}                    | messageId | type
            """)
    void rejectsAnEventThatBreaksARule(String call, String message, String field, String rule) throws Exception {
        SegmentEvents.Result result = SegmentEvents.normalize(call, json(message), "t1", RECEIVED);

        assertThat(result.accepted()).isFalse();
        assertThat(result.violations()).extracting(Violation::field, Violation::rule)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(field, rule));
    }

    @Test
    void rejectsAMessageIdLongerThanSegmentAllows() throws Exception {
        ObjectNode message = json("{'userId':'u1','groupId':'acme'}");
        message.put("messageId", "m".repeat(101));

        SegmentEvents.Result result = SegmentEvents.normalize("identify", message, "t1", RECEIVED);

        assertThat(result.violations()).containsExactly(
                new Violation("messageId", "max-length", "must be at most 100 characters"));
    }

    @Test
    void acceptsATrackCallAndKeysItByTenantAndAccount() throws Exception {
        ObjectNode message = json("""
                {'messageId':'m-1','userId':'u1','groupId':'acme','event':'Report Viewed',
                 'timestamp':'2026-11-24T09:59:00Z','properties':{'report':'churn'}}""");

        SegmentEvents.Result result = SegmentEvents.normalize("track", message, "t1", RECEIVED);

        Envelope envelope = result.envelope();
        assertThat(result.violations()).isEmpty();
        assertThat(envelope.id()).isEqualTo(DeterministicIds.of("t1", "m-1"));
        assertThat(envelope.type()).isEqualTo("usage.track");
        assertThat(envelope.key()).isEqualTo("t1:acme");
        assertThat(envelope.eventTime()).isEqualTo(Instant.parse("2026-11-24T09:59:00Z"));
        assertThat(envelope.publishTime()).isEqualTo(RECEIVED);
        assertThat(envelope.payload().get("type").asText()).isEqualTo("track");
        assertThat(envelope.payload().get("receivedAt").asText()).isEqualTo("2026-11-24T10:00:00Z");
        assertThat(envelope.payload().at("/properties/report").asText()).isEqualTo("churn");
    }

    @Test
    void takesTheAccountFromContextGroupIdWhenGroupIdIsAbsent() throws Exception {
        ObjectNode message = json("{'anonymousId':'a1','event':'Login','context':{'groupId':'globex'}}");

        Envelope envelope = SegmentEvents.normalize("track", message, "t1", RECEIVED).envelope();

        assertThat(envelope.accountId()).isEqualTo("globex");
        assertThat(envelope.eventTime()).isEqualTo(RECEIVED);
    }

    @Test
    void derivesTheSameIdFromTheSameContentWhenTheClientSendsNone() throws Exception {
        String text = "{'userId':'u1','groupId':'acme','event':'Login'}";

        Envelope first = SegmentEvents.normalize("track", json(text), "t1", RECEIVED).envelope();
        Envelope retry = SegmentEvents.normalize("track", json(text), "t1", RECEIVED.plusSeconds(3)).envelope();
        Envelope otherTenant = SegmentEvents.normalize("track", json(text), "t2", RECEIVED).envelope();

        assertThat(first.payload().get("messageId").asText()).startsWith("derived-");
        assertThat(retry.id()).isEqualTo(first.id());
        assertThat(otherTenant.id()).isNotEqualTo(first.id());
    }
}
