package io.touchline.scoring.domain.state;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.touchline.messaging.contract.AccountTraits;
import io.touchline.scoring.domain.model.Measure;

/**
 * Everything scoring keeps per account, built from usage events alone: applying the same events
 * gives the same state, whatever the wall clock says, so a replay from offset 0 rebuilds it.
 * Windows (30 days of users and features, 56 days of daily counts, 28 days of daily counts per
 * counted event, 90 days of contact changes) are kept relative to the newest event time seen, and
 * older entries are dropped.
 */
// Absent fields read back as null: stored rows stay short.
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class AccountState {

    static final int USER_WINDOW_DAYS = 30;
    static final int DAILY_WINDOW_DAYS = 56;
    static final int COUNTED_WINDOW_DAYS = 28;
    static final int CONTACT_WINDOW_DAYS = 90;

    // Users active since countedFrom, remembered because every score asks for it more than once
    // and it only changes when a user's last day moves. Private: not part of the stored state.
    private LocalDate countedFrom;
    private int countedActive;

    // Public fields: a plain data holder the store serializes as JSON.
    public Instant firstSeen;
    public Instant newestEvent;
    public Instant lastActivity;
    public String name;
    public String plan;
    public BigDecimal mrr;
    public String currency;
    public Integer seats;
    public LocalDate contractStart;
    public LocalDate renewalDate;
    public String csmOwner;
    public String primaryContact;
    public Integer employees;
    public Set<String> importance = new HashSet<>();
    public String expansionPotential;
    public String status;
    public Map<String, LocalDate> userLastActive = new HashMap<>();
    public Map<String, LocalDate> featureLastUsed = new HashMap<>();
    public TreeMap<LocalDate, Integer> dailyEvents = new TreeMap<>();
    /** Daily counts of the key features and negative events ({@link EventVocabulary#counted()}). */
    public Map<String, TreeMap<LocalDate, Integer>> countedDaily = new HashMap<>();
    public Set<String> setupSteps = new HashSet<>();
    public Instant lastSetupStep;
    public Set<String> openTickets = new HashSet<>();
    public int ticketsOpened;
    public Instant lastTicketOpened;
    public Double lastSurveyNps;
    public Instant lastSurveyAt;
    public List<LocalDate> contactChanges = new ArrayList<>();

    /** Applies one event; events may arrive out of order, windows follow the newest. */
    public void apply(UsageEvent event, EventVocabulary vocabulary) {
        Instant time = event.time();
        if (firstSeen == null || time.isBefore(firstSeen)) {
            firstSeen = time;
        }
        LocalDate newestDayBefore = newestEvent == null ? null : day(newestEvent);
        if (newestEvent == null || time.isAfter(newestEvent)) {
            newestEvent = time;
        }
        LocalDate day = day(time);
        // Activity is use of the product (track, page, screen); identify and group calls describe
        // users and accounts, often from a backend, and say nothing about use.
        if (!"group".equals(event.call()) && !"identify".equals(event.call())) {
            if (event.userId() != null) {
                LocalDate before = userLastActive.get(event.userId());
                if (before == null || day.isAfter(before)) {
                    userLastActive.put(event.userId(), day);
                    countedFrom = null;
                }
            }
            if (lastActivity == null || time.isAfter(lastActivity)) {
                lastActivity = time;
            }
            dailyEvents.merge(day, 1, Integer::sum);
        }
        if (event.traits() != null) {
            applyTraits(event.traits(), day);
        }
        if ("track".equals(event.call()) && event.event() != null) {
            applyTrack(event, vocabulary, day);
        }
        // Windows only move when the newest day does; an older event may add an entry already out.
        if (!day.equals(newestDayBefore)) {
            prune();
        }
    }

    private void applyTrack(UsageEvent event, EventVocabulary vocabulary, LocalDate day) {
        String name = event.event();
        TrackProperties properties = event.properties();
        if (name.equals(vocabulary.setupStepCompleted())) {
            String step = properties.step();
            if (step != null && !step.isBlank()) {
                setupSteps.add(step);
            }
            if (lastSetupStep == null || event.time().isAfter(lastSetupStep)) {
                lastSetupStep = event.time();
            }
        } else if (name.equals(vocabulary.ticketOpened())) {
            String ticket = properties.ticketId();
            // A ticket without an id still counts as opened; it just cannot be closed.
            if (ticket == null || ticket.isBlank() || openTickets.add(ticket)) {
                ticketsOpened++;
            }
            if (lastTicketOpened == null || event.time().isAfter(lastTicketOpened)) {
                lastTicketOpened = event.time();
            }
        } else if (name.equals(vocabulary.ticketClosed())) {
            if (properties.ticketId() != null) {
                openTickets.remove(properties.ticketId());
            }
        } else if (name.equals(vocabulary.surveyResponded()) && properties.score() != null) {
            if (lastSurveyAt == null || !event.time().isBefore(lastSurveyAt)) {
                double score = properties.score();
                boolean csat = "csat".equalsIgnoreCase(properties.scale());
                lastSurveyNps = csat ? Math.max(0, Math.min(10, (score - 1) * 2.5)) : Math.max(0, Math.min(10, score));
                lastSurveyAt = event.time();
            }
        }
        String feature = name.equals(vocabulary.featureUsed()) ? properties.feature() : name;
        if (feature != null && vocabulary.keyFeatures().contains(feature)) {
            featureLastUsed.merge(feature, day, AccountState::later);
            count(feature, day);
        }
        if (vocabulary.negativeEvents().contains(name)) {
            count(name, day);
        }
    }

    private void count(String counted, LocalDate day) {
        countedDaily.computeIfAbsent(counted, c -> new TreeMap<>()).merge(day, 1, Integer::sum);
    }

    private void applyTraits(AccountTraits traits, LocalDate day) {
        if (traits.primaryContact() != null && primaryContact != null && !traits.primaryContact().equals(primaryContact)) {
            contactChanges.add(day);
        }
        name = traits.name() != null ? traits.name() : name;
        plan = traits.plan() != null ? traits.plan() : plan;
        mrr = traits.mrr() != null ? traits.mrr() : mrr;
        currency = traits.currency() != null ? traits.currency() : currency;
        seats = traits.seats() != null ? traits.seats() : seats;
        contractStart = traits.contractStart() != null ? traits.contractStart() : contractStart;
        renewalDate = traits.renewalDate() != null ? traits.renewalDate() : renewalDate;
        csmOwner = traits.csmOwner() != null ? traits.csmOwner() : csmOwner;
        primaryContact = traits.primaryContact() != null ? traits.primaryContact() : primaryContact;
        employees = traits.employees() != null ? traits.employees() : employees;
        importance = traits.importance() != null ? new HashSet<>(traits.importance()) : importance;
        expansionPotential = traits.expansionPotential() != null ? traits.expansionPotential() : expansionPotential;
        status = traits.status() != null ? traits.status() : status;
    }

    private void prune() {
        LocalDate newest = day(newestEvent);
        if (userLastActive.values().removeIf(d -> d.isBefore(newest.minusDays(USER_WINDOW_DAYS - 1)))) {
            countedFrom = null;
        }
        featureLastUsed.values().removeIf(d -> d.isBefore(newest.minusDays(USER_WINDOW_DAYS - 1)));
        dailyEvents.headMap(newest.minusDays(DAILY_WINDOW_DAYS - 1)).clear();
        countedDaily.values().removeIf(daily -> {
            daily.headMap(newest.minusDays(COUNTED_WINDOW_DAYS - 1)).clear();
            return daily.isEmpty();
        });
        contactChanges.removeIf(d -> d.isBefore(newest.minusDays(CONTACT_WINDOW_DAYS - 1)));
    }

    /** Users active within the last {@code days} days up to and including the day of {@code asOf}. */
    public int activeUsers(int days, Instant asOf) {
        LocalDate from = day(asOf).minusDays(days - 1);
        if (from.equals(countedFrom)) {
            return countedActive;
        }
        int active = 0;
        for (LocalDate last : userLastActive.values()) {
            if (!last.isBefore(from)) {
                active++;
            }
        }
        countedFrom = from;
        countedActive = active;
        return active;
    }

    /**
     * The users active within the last {@code days} days up to the day of {@code asOf}, most
     * recently active first (then by id), at most {@code limit}: who an account's messages reach.
     */
    public List<String> recentUsers(int days, Instant asOf, int limit) {
        LocalDate from = day(asOf).minusDays(days - 1);
        return userLastActive.entrySet().stream()
                .filter(user -> !user.getValue().isBefore(from))
                .sorted(Map.Entry.<String, LocalDate> comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(limit)
                .map(Map.Entry::getKey)
                .toList();
    }

    /**
     * The raw input of each measure that has data, as of a moment (the newest event for scoring
     * on events; the sweep's clock for time-driven scoring).
     */
    public Map<Measure, Double> measureInputs(EventVocabulary vocabulary, Instant asOf) {
        Map<Measure, Double> inputs = new EnumMap<>(Measure.class);
        if (seats != null && seats > 0) {
            inputs.put(Measure.SEAT_ACTIVATION, activeUsers(USER_WINDOW_DAYS, asOf) / (double) seats);
        }
        if (lastActivity != null) {
            inputs.put(Measure.RECENCY, Math.max(0, minutesBetween(lastActivity, asOf) / 1440.0));
        }
        if (!vocabulary.keyFeatures().isEmpty()) {
            LocalDate from = day(asOf).minusDays(USER_WINDOW_DAYS - 1);
            int used = 0;
            for (Map.Entry<String, LocalDate> feature : featureLastUsed.entrySet()) {
                if (vocabulary.keyFeatures().contains(feature.getKey()) && !feature.getValue().isBefore(from)) {
                    used++;
                }
            }
            inputs.put(Measure.FEATURE_BREADTH, used / (double) vocabulary.keyFeatures().size());
        }
        LocalDate today = day(asOf);
        // One pass over the window's days, not two sub-map views: scoring asks on every event.
        LocalDate weekStart = today.minusDays(6);
        LocalDate previousStart = today.minusDays(34);
        double last7 = 0;
        double previous28 = 0;
        for (Map.Entry<LocalDate, Integer> daily : dailyEvents.entrySet()) {
            LocalDate date = daily.getKey();
            if (date.isAfter(today)) {
                break;
            }
            if (!date.isBefore(weekStart)) {
                last7 += daily.getValue();
            } else if (!date.isBefore(previousStart)) {
                previous28 += daily.getValue();
            }
        }
        if (previous28 > 0) {
            inputs.put(Measure.USAGE_TREND, (last7 / 7) / (previous28 / 28));
        }
        if (!setupSteps.isEmpty()) {
            inputs.put(Measure.ONBOARDING, Math.min(1.0, setupSteps.size() / (double) vocabulary.setupSteps()));
        }
        if (ticketsOpened > 0) {
            inputs.put(Measure.SUPPORT_LOAD, (double) openTickets.size());
        }
        if (lastSurveyNps != null) {
            inputs.put(Measure.SENTIMENT, lastSurveyNps);
        }
        if (primaryContact != null) {
            LocalDate from = today.minusDays(CONTACT_WINDOW_DAYS - 1);
            int changes = 0;
            for (LocalDate change : contactChanges) {
                if (!change.isBefore(from)) {
                    changes++;
                }
            }
            inputs.put(Measure.RELATIONSHIP, (double) changes);
        }
        return inputs;
    }

    /** Events on the days from {@code fromDaysAgo} to {@code toDaysAgo} before the day of asOf (0: that day). */
    public int eventsBetween(Instant asOf, int fromDaysAgo, int toDaysAgo) {
        return sum(dailyEvents, asOf, fromDaysAgo, toDaysAgo);
    }

    /** Days with activity among the last {@code days} up to the day of asOf. */
    public int activeDays(Instant asOf, int days) {
        LocalDate today = day(asOf);
        return dailyEvents.subMap(today.minusDays(days - 1), true, today, true).size();
    }

    /** Events of one counted name in the last {@code days} (at most 28) up to the day of asOf. */
    public int counted(String name, Instant asOf, int days) {
        TreeMap<LocalDate, Integer> daily = countedDaily.get(name);
        return daily == null ? 0 : sum(daily, asOf, days - 1, 0);
    }

    private static int sum(TreeMap<LocalDate, Integer> daily, Instant asOf, int fromDaysAgo, int toDaysAgo) {
        LocalDate today = day(asOf);
        int sum = 0;
        for (int count : daily.subMap(today.minusDays(fromDaysAgo), true, today.minusDays(toDaysAgo), true).values()) {
            sum += count;
        }
        return sum;
    }

    /** Days until the renewal date, or null when unknown. */
    public Long daysToRenewal(Instant asOf) {
        return renewalDate == null ? null : ChronoUnit.DAYS.between(day(asOf), renewalDate);
    }

    /**
     * Whole minutes from one instant to another, as {@code Duration.between(from, to).toMinutes()}
     * counts them, without building the Duration: scoring asks several times per event.
     */
    public static long minutesBetween(Instant from, Instant to) {
        long seconds = to.getEpochSecond() - from.getEpochSecond();
        // Duration keeps nanos in 0..999,999,999 and the seconds floored.
        if (to.getNano() < from.getNano()) {
            seconds--;
        }
        return seconds / 60;
    }

    /** The UTC day of an instant; by arithmetic, as {@code LocalDate.ofInstant} builds zone rules on every call. */
    public static LocalDate day(Instant time) {
        return LocalDate.ofEpochDay(Math.floorDiv(time.getEpochSecond(), 86_400));
    }

    private static LocalDate later(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }
}
