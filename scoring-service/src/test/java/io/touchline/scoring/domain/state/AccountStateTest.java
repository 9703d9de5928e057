package io.touchline.scoring.domain.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import io.touchline.messaging.contract.AccountTraits;
import io.touchline.scoring.domain.model.Measure;

class AccountStateTest {

    private static final JsonFactory JSON = new JsonFactory();
    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    private static final EventVocabulary VOCABULARY = new EventVocabulary("Setup Step Completed", 4, "Ticket Opened",
            "Ticket Closed", "Survey Responded", "Feature Used", Set.of("reports", "export", "alerts", "api"),
            Set.of("Downgrade Viewed"));

    private static UsageEvent track(String user, String event, String properties, Instant time) {
        return new UsageEvent("track", user, event, properties(properties), null, time);
    }

    /** Reads properties as the consumer does, from JSON with single quotes for readability. */
    static TrackProperties properties(String json) {
        try (JsonParser parser = JSON.createParser(json.replace('\'', '"'))) {
            parser.nextToken();
            TrackProperties properties = TrackProperties.read(parser);
            // Left on the object's end, so the envelope's reader goes on from there.
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw new IllegalStateException("the reader stopped at " + parser.currentToken());
            }
            return properties;
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void recentUsersAreThoseActiveInTheWindowMostRecentFirstUpToTheLimit() {
        AccountState state = new AccountState();
        state.apply(track("carol", "Login", "{}", daysAgo(31)), VOCABULARY);
        state.apply(track("bob", "Login", "{}", daysAgo(2)), VOCABULARY);
        state.apply(track("alice", "Login", "{}", daysAgo(2)), VOCABULARY);
        state.apply(track("dan", "Login", "{}", daysAgo(0)), VOCABULARY);
        state.apply(track("erin", "Login", "{}", daysAgo(29)), VOCABULARY);
        // A group call names a user but says nothing about use.
        state.apply(group(traits(10, null, null), daysAgo(0)), VOCABULARY);

        assertThat(state.recentUsers(30, NOW, 10)).containsExactly("dan", "alice", "bob", "erin");
        assertThat(state.recentUsers(30, NOW, 2)).containsExactly("dan", "alice");
        assertThat(state.recentUsers(1, NOW, 10)).containsExactly("dan");
    }

    private static UsageEvent group(AccountTraits traits, Instant time) {
        return new UsageEvent("group", "admin", null, TrackProperties.NONE, traits, time);
    }

    private static AccountTraits traits(Integer seats, String contact, LocalDate renewal) {
        return new AccountTraits("Acme", "pro", new BigDecimal("120000"), "JPY", seats, null, renewal, "kim@v.example",
                contact, null, null, null, null, null);
    }

    private static Instant daysAgo(double days) {
        return NOW.minusSeconds((long) (days * 86400));
    }

    /** A month of an account's life. */
    private static List<UsageEvent> history() {
        List<UsageEvent> events = new ArrayList<>();
        events.add(group(traits(10, "ceo@acme.example", LocalDate.parse("2027-01-23")), daysAgo(40)));
        // 28 days before the last week: 2 events a day; the last week: 1 a day.
        for (int d = 34; d >= 7; d--) {
            events.add(track("u" + (d % 3), "Dashboard Viewed", "{}", daysAgo(d)));
            events.add(track("u" + (d % 3), "Dashboard Viewed", "{}", daysAgo(d).plusSeconds(60)));
        }
        for (int d = 6; d >= 0; d--) {
            events.add(track("u" + (d % 2), "Dashboard Viewed", "{}", daysAgo(d + 0.5)));
        }
        events.add(track("u1", "Feature Used", "{'feature':'reports'}", daysAgo(3)));
        events.add(track("u1", "Export Run", "{}", daysAgo(2)));
        events.add(track("u1", "export", "{}", daysAgo(2)));
        events.add(track("u1", "Feature Used", "{'feature':'alerts'}", daysAgo(45))); // outside 30 days
        events.add(track("u0", "Setup Step Completed", "{'step':'invite'}", daysAgo(20)));
        events.add(track("u0", "Setup Step Completed", "{'step':'connect'}", daysAgo(19)));
        events.add(track("u0", "Setup Step Completed", "{'step':'connect'}", daysAgo(18)));
        events.add(track("u0", "Ticket Opened", "{'ticketId':'T1'}", daysAgo(10)));
        events.add(track("u0", "Ticket Opened", "{'ticketId':'T2'}", daysAgo(9)));
        events.add(track("u0", "Ticket Opened", "{'ticketId':'T2'}", daysAgo(9))); // same ticket again
        events.add(track("u0", "Ticket Closed", "{'ticketId':'T1'}", daysAgo(8)));
        events.add(track("u2", "Survey Responded", "{'score':9}", daysAgo(15)));
        events.add(track("u2", "Survey Responded", "{'score':2,'scale':'csat'}", daysAgo(5)));
        events.add(group(traits(null, "cto@acme.example", null), daysAgo(4)));
        return events;
    }

    @Test
    void aMonthOfEventsYieldsTheMeasureInputs() {
        AccountState state = new AccountState();
        history().forEach(e -> state.apply(e, VOCABULARY));

        Map<Measure, Double> inputs = state.measureInputs(VOCABULARY, NOW);

        assertThat(state.activeUsers(1, NOW)).isEqualTo(1);
        assertThat(state.activeUsers(7, NOW)).isEqualTo(3);
        assertThat(state.activeUsers(30, NOW)).isEqualTo(3);
        assertThat(inputs).containsOnly(
                entry(Measure.SEAT_ACTIVATION, 0.3), // 3 of 10 seats, the seats trait kept from the first group call
                entry(Measure.RECENCY, 0.5), // last activity 12 hours ago
                entry(Measure.FEATURE_BREADTH, 0.5), // reports and export of 4 key features; alerts too long ago
                entry(Measure.USAGE_TREND, (11 / 7.0) / (64 / 28.0)), // 11 events in 7 days, 64 in the 28 before
                entry(Measure.ONBOARDING, 0.5), // 2 distinct steps of 4
                entry(Measure.SUPPORT_LOAD, 1.0), // T2 open
                entry(Measure.SENTIMENT, 2.5), // the latest answer, CSAT 2 of 5 on the NPS scale
                entry(Measure.RELATIONSHIP, 1.0)); // ceo -> cto
        assertThat(state.ticketsOpened).isEqualTo(2);
        assertThat(state.daysToRenewal(NOW)).isEqualTo(60);
        assertThat(state.seats).isEqualTo(10);
        assertThat(state.primaryContact).isEqualTo("cto@acme.example");
    }

    @Test
    void anAccountKnownOnlyFromAGroupCallHasOnlyTheInputsItsTraitsGive() {
        AccountState state = new AccountState();
        state.apply(group(traits(25, "ceo@acme.example", null), NOW), VOCABULARY);

        assertThat(state.measureInputs(VOCABULARY, NOW)).containsOnly(
                entry(Measure.SEAT_ACTIVATION, 0.0), // seats known, nobody has used the product yet
                entry(Measure.FEATURE_BREADTH, 0.0), // the tenant has key features; none used
                entry(Measure.RELATIONSHIP, 0.0));
        assertThat(state.lastActivity).isNull();
    }

    @Test
    void theSameEventsInAnotherOrderGiveTheSameState() {
        List<UsageEvent> events = history();
        List<UsageEvent> shuffled = new ArrayList<>(events);
        java.util.Collections.shuffle(shuffled, new java.util.Random(7));
        AccountState inOrder = new AccountState();
        AccountState outOfOrder = new AccountState();

        events.forEach(e -> inOrder.apply(e, VOCABULARY));
        shuffled.forEach(e -> outOfOrder.apply(e, VOCABULARY));

        // Contact changes depend on order by nature; every windowed measure does not.
        Map<Measure, Double> expected = new java.util.EnumMap<>(inOrder.measureInputs(VOCABULARY, NOW));
        Map<Measure, Double> actual = new java.util.EnumMap<>(outOfOrder.measureInputs(VOCABULARY, NOW));
        expected.remove(Measure.RELATIONSHIP);
        actual.remove(Measure.RELATIONSHIP);
        expected.remove(Measure.SENTIMENT);
        actual.remove(Measure.SENTIMENT);
        assertThat(actual).isEqualTo(expected);
        assertThat(outOfOrder.lastSurveyNps).isEqualTo(inOrder.lastSurveyNps);
    }

    /**
     * The usage trend's two windows as the clock moves past the newest event (the sweep scores
     * so): 1 + (d % 4) events on the day d days before NOW, for d = 0..34.
     */
    @ParameterizedTest(name = "{0} days later: {1} in the last 7 days, {2} in the 28 before")
    @CsvSource({
            "0, 16, 70",
            "1, 13, 70",
            "6, 1, 70",
            "7, 0, 70",
            "28, 0, 16",
            "34, 0, 1",
            "35, 0, 0", // nothing in the 28 days before: no trend
    })
    void theUsageTrendComparesTheLastSevenDaysWithTheTwentyEightBefore(int daysLater, int last7, int previous28) {
        AccountState state = new AccountState();
        for (int d = 0; d <= 34; d++) {
            for (int i = 0; i <= d % 4; i++) {
                state.apply(track("u1", "Login", "{}", daysAgo(d).plusSeconds(i)), VOCABULARY);
            }
        }

        Map<Measure, Double> inputs = state.measureInputs(VOCABULARY, NOW.plus(Duration.ofDays(daysLater)));

        if (previous28 == 0) {
            assertThat(inputs).doesNotContainKey(Measure.USAGE_TREND);
        } else {
            assertThat(inputs).containsEntry(Measure.USAGE_TREND, (last7 / 7.0) / (previous28 / 28.0));
        }
    }

    @Test
    void windowsFollowTheNewestEventAndForgetWhatFellOut() {
        AccountState state = new AccountState();
        state.apply(track("old", "Login", "{}", daysAgo(100)), VOCABULARY);
        state.apply(track("new", "Login", "{}", NOW), VOCABULARY);

        assertThat(state.userLastActive).containsOnlyKeys("new");
        assertThat(state.dailyEvents).containsOnlyKeys(LocalDate.parse("2026-11-24"));
        assertThat(state.firstSeen).isEqualTo(daysAgo(100));
    }

    @Test
    void activeUsersCountedOnceFollowNewUsersReturningUsersAndTheWindow() {
        AccountState state = new AccountState();
        state.apply(track("a", "Login", "{}", daysAgo(28)), VOCABULARY);
        state.apply(track("b", "Login", "{}", daysAgo(20)), VOCABULARY);
        assertThat(state.activeUsers(7, daysAgo(20))).isEqualTo(1);
        assertThat(state.activeUsers(30, daysAgo(20))).isEqualTo(2);

        // Counted, then changed: a new user, a user back after a while, another day, the window.
        state.apply(track("c", "Login", "{}", daysAgo(20)), VOCABULARY);
        assertThat(state.activeUsers(30, daysAgo(20))).isEqualTo(3);
        assertThat(state.activeUsers(7, daysAgo(20))).isEqualTo(2);
        state.apply(track("a", "Login", "{}", daysAgo(20)), VOCABULARY);
        assertThat(state.activeUsers(7, daysAgo(20))).isEqualTo(3);
        assertThat(state.activeUsers(7, NOW)).isEqualTo(0);
        state.apply(track("b", "Login", "{}", daysAgo(1)), VOCABULARY);
        assertThat(state.activeUsers(7, NOW)).isEqualTo(1);
        assertThat(state.activeUsers(30, daysAgo(1))).isEqualTo(3);
        state.apply(track("d", "Login", "{}", daysAgo(-15)), VOCABULARY);
        // 15 days on, a and c (last seen 20 days ago) fell out of the window and were pruned.
        assertThat(state.activeUsers(30, daysAgo(-15))).isEqualTo(2);
        assertThat(state.userLastActive).containsOnlyKeys("b", "d");
    }

    @Test
    void minutesBetweenCountsAsDurationDoes() {
        // from, to, minutes: whole minutes, truncated toward zero, nanos borrowed as Duration does.
        Object[][] cases = {
                { "2026-11-24T12:00:00Z", "2026-11-24T12:00:59.999999999Z", 0L },
                { "2026-11-24T12:00:00Z", "2026-11-24T12:01:00Z", 1L },
                { "2026-11-24T12:00:00.5Z", "2026-11-24T12:01:00.4Z", 0L },
                { "2026-11-24T12:00:00.4Z", "2026-11-24T12:01:00.5Z", 1L },
                { "2026-11-24T12:01:00Z", "2026-11-24T12:00:00Z", -1L },
                { "2026-11-24T12:00:00.5Z", "2026-11-24T12:00:00Z", 0L },
                { "2026-11-24T12:01:00.5Z", "2026-11-24T12:00:00Z", -1L },
                { "2026-11-04T12:00:00Z", "2026-11-24T11:59:30Z", 28_799L },
        };
        for (Object[] c : cases) {
            Instant from = Instant.parse((String) c[0]);
            Instant to = Instant.parse((String) c[1]);
            assertThat(AccountState.minutesBetween(from, to)).as("%s -> %s", c[0], c[1]).isEqualTo(c[2])
                    .isEqualTo(Duration.between(from, to).toMinutes());
        }
    }
}
