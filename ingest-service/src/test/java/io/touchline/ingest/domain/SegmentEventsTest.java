package io.touchline.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.touchline.messaging.Envelope;

class SegmentEventsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Instant RECEIVED = Instant.parse("2026-11-24T10:00:00Z");
    private static final SegmentEvents.Limits LIMITS = new SegmentEvents.Limits(32 * 1024, Duration.ofHours(1),
            Duration.ofDays(1));
    private static final Map<String, Set<String>> MEMBERSHIPS = Map.of(
            "solo", Set.of("acme"),
            "consultant", Set.of("acme", "globex"));

    private static ObjectNode json(String text) throws Exception {
        return (ObjectNode) MAPPER.readTree(text.replace('\'', '"'));
    }

    private static SegmentEvents.Context context(Instant batchSentAt) {
        return new SegmentEvents.Context("t1", RECEIVED, batchSentAt, LIMITS,
                user -> MEMBERSHIPS.getOrDefault(user, Set.of()));
    }

    private static SegmentEvents.Result normalize(String call, String message) throws Exception {
        return SegmentEvents.normalize(call, json(message), 300, context(null));
    }

    @ParameterizedTest(name = "{0} {1} -> {2} {3}")
    @CsvSource(delimiter = '|', textBlock = """
            track    | {'userId':'u1','event':'Login'}                                    | groupId            | required
            track    | {'userId':'consultant','event':'Login'}                            | groupId            | ambiguous
            group    | {'userId':'solo','traits':{}}                                      | groupId            | required
            track    | {'groupId':'acme','event':'Login'}                                 | userId             | required
            track    | {'userId':'u1','groupId':'acme'}                                   | event              | required
            track    | {'type':'page','userId':'u1','groupId':'acme','event':'Login'}     | type               | matches-endpoint
            NONE     | {'type':'alias','userId':'u1','groupId':'acme'}                    | type               | one-of
            NONE     | {'userId':'u1','groupId':'acme'}                                   | type               | one-of
            identify | {'userId':'u1','groupId':'acme','timestamp':'yesterday'}           | timestamp          | iso-8601
            identify | {'userId':'u1','groupId':'acme','timestamp':1700000000}            | timestamp          | iso-8601
            identify | {'userId':'u1','groupId':'acme','sentAt':'soon'}                   | sentAt             | iso-8601
            identify | {'userId':'u1','groupId':'acme','timestamp':'2026-11-24T11:00:01Z'} | timestamp         | not-in-future
            identify | {'userId':'u1','groupId':'acme','messageId':42}                    | messageId          | type
            group    | {'userId':'u1','groupId':'acme','traits':'vip'}                    | traits             | object
            group    | {'userId':'u1','groupId':'acme','traits':{'mrr':-5,'currency':'JPY'}} | traits.mrr      | non-negative-number
            group    | {'userId':'u1','groupId':'acme','traits':{'mrr':'lots','currency':'JPY'}} | traits.mrr  | non-negative-number
            group    | {'userId':'u1','groupId':'acme','traits':{'mrr':100000}}           | traits.currency    | required-with-mrr
            group    | {'userId':'u1','groupId':'acme','traits':{'currency':'yen'}}       | traits.currency    | iso-4217
            group    | {'userId':'u1','groupId':'acme','traits':{'mrr':100,'currency':''}} | traits.currency  | required-with-mrr
            group    | {'userId':'u1','groupId':'acme','traits':{'seats':2.5}}            | traits.seats       | non-negative-integer
            group    | {'userId':'u1','groupId':'acme','traits':{'employees':-1}}         | traits.employees   | non-negative-integer
            group    | {'userId':'u1','groupId':'acme','traits':{'renewalDate':'next year'}} | traits.renewalDate | iso-8601
            group    | {'userId':'u1','groupId':'acme','traits':{'csmOwner':'Kim'}}       | traits.csmOwner    | email
            group    | {'userId':'u1','groupId':'acme','traits':{'importance':['famous']}} | traits.importance | one-of
            group    | {'userId':'u1','groupId':'acme','traits':{'importance':'yes'}}     | traits.importance  | flags
            group    | {'userId':'u1','groupId':'acme','traits':{'expansionPotential':'huge'}} | traits.expansionPotential | one-of
            group    | {'userId':'u1','groupId':'acme','traits':{'plan':42}}              | traits.plan        | string
            group    | {'userId':'u1','groupId':'acme','traits':{'status':true}}          | traits.status      | string
            """, nullValues = "NONE")
    void rejectsAnEventThatBreaksARule(String call, String message, String field, String rule) throws Exception {
        SegmentEvents.Result result = normalize(call, message);

        assertThat(result.accepted()).isFalse();
        assertThat(result.violations()).extracting(Violation::field, Violation::rule).containsExactly(tuple(field, rule));
        if (!"messageId".equals(field)) {
            assertThat(result.messageId()).as("a rejected event still has an id to find it by").isNotNull();
        }
    }

    @Test
    void rejectsAMessageIdLongerThanSegmentAllowsAndAnEventOverTheSizeLimit() throws Exception {
        ObjectNode message = json("{'userId':'u1','groupId':'acme'}");
        message.put("messageId", "m".repeat(101));

        SegmentEvents.Result result = SegmentEvents.normalize("identify", message, 32 * 1024 + 1, context(null));

        assertThat(result.violations()).containsExactlyInAnyOrder(
                new Violation("messageId", "max-length", "must be at most 100 characters"),
                new Violation("", "max-size", "an event may be at most 32 KB"));
    }

    @Test
    void acceptsATrackCallAndKeysItByTenantAndAccount() throws Exception {
        SegmentEvents.Result result = normalize("track", """
                {'messageId':'m-1','userId':'u1','groupId':'acme','event':'Report Viewed',
                 'timestamp':'2026-11-24T09:59:00Z','properties':{'report':'churn'}}""");

        Envelope envelope = result.envelope();
        assertThat(result.violations()).isEmpty();
        assertThat(result.messageId()).isEqualTo("m-1");
        assertThat(envelope.id()).isEqualTo("t1:m-1");
        assertThat(envelope.type()).isEqualTo("usage.track");
        assertThat(envelope.key()).isEqualTo("t1:acme");
        assertThat(envelope.eventTime()).isEqualTo(Instant.parse("2026-11-24T09:59:00Z"));
        assertThat(envelope.publishTime()).isEqualTo(RECEIVED);
        assertThat(envelope.payload().get("type").asText()).isEqualTo("track");
        assertThat(envelope.payload().get("receivedAt").asText()).isEqualTo("2026-11-24T10:00:00Z");
        assertThat(envelope.payload().get("historical").asBoolean()).isFalse();
        assertThat(envelope.payload().at("/properties/report").asText()).isEqualTo("churn");
        assertThat(result.membership()).isNull();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            {'groupId':'globex'}                  | globex
            {'context':{'groupId':'initech'}}     | initech
            {'groupId':'globex','context':{'groupId':'initech'}} | globex
            {}                                    | acme
            """)
    void attributesAnEventToItsAccount(String extra, String account) throws Exception {
        ObjectNode message = json("{'userId':'solo','event':'Login'}");
        message.setAll(json(extra));

        Envelope envelope = SegmentEvents.normalize("track", message, 100, context(null)).envelope();

        assertThat(envelope.accountId()).isEqualTo(account);
    }

    @ParameterizedTest(name = "ts={0} original={1} sentAt={2} batchSentAt={3} -> {4}")
    @CsvSource(nullValues = "-", textBlock = """
            -,                    -,                    -,                    -,                    2026-11-24T10:00:00Z
            2026-11-24T09:00:00Z, -,                    -,                    -,                    2026-11-24T09:00:00Z
            2026-11-24T09:00:00Z, -,                    2026-11-24T09:00:05Z, -,                    2026-11-24T09:59:55Z
            -,                    2026-11-24T12:00:00Z, 2026-11-24T12:00:30Z, -,                    2026-11-24T09:59:30Z
            2026-11-20T00:00:00Z, 2026-11-24T08:00:00Z, 2026-11-24T08:10:00Z, -,                    2026-11-24T09:50:00Z
            2026-11-24T09:00:00Z, -,                    -,                    2026-11-24T09:01:00Z, 2026-11-24T09:59:00Z
            2026-11-24T09:00:00Z, -,                    2026-11-24T09:00:10Z, 2026-11-24T09:01:00Z, 2026-11-24T09:59:50Z
            """)
    void correctsClockSkewTheWaySegmentDoes(String timestamp, String original, String sentAt, String batchSentAt,
            String expected) throws Exception {
        ObjectNode message = json("{'userId':'u1','groupId':'acme','event':'Login'}");
        if (timestamp != null) {
            message.put("timestamp", timestamp);
        }
        if (original != null) {
            message.put("originalTimestamp", original);
        }
        if (sentAt != null) {
            message.put("sentAt", sentAt);
        }
        Instant batch = batchSentAt == null ? null : Instant.parse(batchSentAt);

        Envelope envelope = SegmentEvents.normalize("track", message, 100, context(batch)).envelope();

        assertThat(envelope.eventTime()).isEqualTo(Instant.parse(expected));
        assertThat(envelope.payload().get("timestamp").asText()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> historical {1}")
    @CsvSource({
            "2026-11-23T10:00:00Z, false",
            "2026-11-23T09:59:59Z, true",
            "2020-01-01T00:00:00Z, true",
            "2026-11-24T10:59:59Z, false",
    })
    void acceptsOldEventsMarkedHistorical(String timestamp, boolean historical) throws Exception {
        ObjectNode message = json("{'userId':'u1','groupId':'acme','event':'Login'}");
        message.put("timestamp", timestamp);

        Envelope envelope = SegmentEvents.normalize("track", message, 100, context(null)).envelope();

        assertThat(envelope.payload().get("historical").asBoolean()).isEqualTo(historical);
    }

    @Test
    void aGroupCallTeachesAMembershipAndCarriesTypedTraitsBesideTheRawOnes() throws Exception {
        SegmentEvents.Result result = normalize("group", """
                {'userId':'u9','groupId':'acme','traits':{'name':'Acme Corp','plan':'enterprise','mrr':650000,
                 'currency':'JPY','seats':120,'contractStart':'2026-04-01','renewalDate':'2027-03-31T00:00:00Z',
                 'csmOwner':'kim@vendor.example','primaryContact':'ceo@acme.example','employees':800,
                 'importance':{'strategic':true,'reference':false,'influencer':true},'expansionPotential':'high',
                 'status':' churned ','industry':'manufacturing'}}""");

        assertThat(result.violations()).isEmpty();
        assertThat(result.membership()).isEqualTo(new SegmentEvents.Membership("u9", "acme"));
        var typed = result.envelope().payload().get("accountTraits");
        assertThat(typed.get("mrr").decimalValue()).isEqualByComparingTo(new BigDecimal("650000"));
        assertThat(typed.get("mrr").toString()).isEqualTo("650000");
        assertThat(typed.get("currency").asText()).isEqualTo("JPY");
        assertThat(typed.get("seats").asInt()).isEqualTo(120);
        assertThat(typed.get("contractStart").asText()).isEqualTo("2026-04-01");
        assertThat(typed.get("renewalDate").asText()).isEqualTo("2027-03-31");
        assertThat(typed.get("csmOwner").asText()).isEqualTo("kim@vendor.example");
        assertThat(typed.get("employees").asInt()).isEqualTo(800);
        assertThat(java.util.stream.StreamSupport.stream(typed.get("importance").spliterator(), false)
                .map(n -> n.asText())).containsExactlyInAnyOrder("strategic", "influencer");
        assertThat(typed.get("expansionPotential").asText()).isEqualTo("high");
        assertThat(typed.get("status").asText()).isEqualTo("churned");
        assertThat(result.envelope().payload().at("/traits/industry").asText()).isEqualTo("manufacturing");
    }

    @Test
    void keepsTheClientsTimeAsOriginalTimestampAndDropsAccountTraitsAClientMadeUp() throws Exception {
        Envelope envelope = normalize("track", """
                {'userId':'u1','groupId':'acme','event':'Login','timestamp':'2026-11-24T09:00:00Z',
                 'sentAt':'2026-11-24T09:00:10Z','accountTraits':{'mrr':1}}""").envelope();

        assertThat(envelope.payload().get("originalTimestamp").asText()).isEqualTo("2026-11-24T09:00:00Z");
        assertThat(envelope.payload().get("timestamp").asText()).isEqualTo("2026-11-24T09:59:50Z");
        assertThat(envelope.payload().has("accountTraits")).isFalse();
    }

    @Test
    void derivesTheSameIdFromTheSameContentWhenTheClientSendsNone() throws Exception {
        String text = "{'userId':'u1','groupId':'acme','event':'Login','timestamp':'2026-11-24T09:00:00Z'}";

        Envelope first = normalize("track", text).envelope();
        Envelope retry = SegmentEvents.normalize("track", json(text), 100,
                new SegmentEvents.Context("t1", RECEIVED.plusSeconds(3), null, LIMITS, u -> Set.of())).envelope();
        Envelope otherTenant = SegmentEvents.normalize("track", json(text), 100,
                new SegmentEvents.Context("t2", RECEIVED, null, LIMITS, u -> Set.of())).envelope();

        assertThat(first.payload().get("messageId").asText()).startsWith("derived-");
        assertThat(retry.id()).isEqualTo(first.id());
        assertThat(otherTenant.id()).isNotEqualTo(first.id());
    }

    @Test
    void identicalEventsWithoutIdOrTimeAreDistinctEvents() throws Exception {
        String text = "{'userId':'u1','groupId':'acme','event':'Daily Sync'}";

        Envelope monday = normalize("track", text).envelope();
        Envelope tuesday = normalize("track", text).envelope();

        assertThat(monday.payload().get("messageId").asText()).startsWith("generated-");
        assertThat(tuesday.id()).isNotEqualTo(monday.id());
    }
}
