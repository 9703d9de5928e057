package io.touchline.simulator.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import net.datafaker.Faker;

/**
 * A tenant's product usage over some weeks, generated from a seed: the same seed, size and start
 * always give the same accounts and the same events, byte for byte. Accounts follow the
 * {@link Profile}s in turn, so every profile is present from six accounts on; contract amounts
 * spread over all three touch tiers. Events are Segment calls (group, identify, track) in time
 * order, a day at a time, ready for {@code ./touchline import}.
 */
public final class Simulation {

    public static final String CURRENCY = "JPY";
    /** Touchline's default tier boundaries per month (docs/scoring-model.md). */
    static final long HIGH_FROM = 500_000;
    static final long LOW_FROM = 70_000;
    static final int SETUP_STEPS = 5;
    static final String[] FEATURES = { "reports", "exports", "alerts", "api" };

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final long seed;
    private final LocalDate start;
    private final int days;
    private final List<Plan> plans = new ArrayList<>();

    /** An account with its users and the random numbers that drive it. */
    private record Plan(SimulatedAccount account, List<String> users, List<String> emails, String firstContact,
            String secondContact) {
    }

    /**
     * @param accounts how many accounts
     * @param start the first simulated day
     * @param days how many days to simulate
     */
    public Simulation(long seed, int accounts, LocalDate start, int days) {
        this.seed = seed;
        this.start = start;
        this.days = days;
        Random random = new Random(seed);
        Faker faker = new Faker(Locale.ENGLISH, new Random(seed));
        List<String> csms = List.of("kim@vendor.example", "lee@vendor.example", "sam@vendor.example");
        Profile[] profiles = Profile.values();
        for (int i = 0; i < accounts; i++) {
            Profile profile = profiles[i % profiles.length];
            // Named by seed and start: another run of the demo makes other accounts, not late events.
            String id = String.format(Locale.ROOT, "s%d-%s-%03d", seed, start, i + 1);
            long mrr = mrr(random, TIER_BANDS.charAt(i % TIER_BANDS.length()));
            String tier = mrr >= HIGH_FROM ? "high-touch" : mrr >= LOW_FROM ? "low-touch" : "tech-touch";
            int seats = 4 + random.nextInt(12);
            LocalDate contractStart = start.minusDays(30 + random.nextInt(300));
            LocalDate renewal = contractStart.plusYears(1);
            LocalDate silentFrom = null;
            LocalDate churnsOn = null;
            if (profile == Profile.DECLINING_THEN_CHURNING) {
                churnsOn = start.plusDays(days * 3L / 4 + random.nextInt(Math.max(1, days / 8)));
            } else if (profile == Profile.SUDDENLY_INACTIVE_THEN_CHURNING) {
                silentFrom = start.plusDays(days / 4 + random.nextInt(Math.max(1, days / 8)));
                churnsOn = silentFrom.plusDays(21);
            }
            if (churnsOn != null && !churnsOn.isBefore(start.plusDays(days))) {
                churnsOn = null;
            }
            String company = faker.company().name();
            List<String> users = new ArrayList<>();
            List<String> emails = new ArrayList<>();
            String domain = id + ".example";
            for (int u = 0; u < seats; u++) {
                users.add(id + "-u" + (u + 1));
                emails.add(faker.name().firstName().toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "") + (u + 1) + "@"
                        + domain);
            }
            SimulatedAccount account = new SimulatedAccount(id, company, profile, mrr, tier, seats,
                    tier.equals("tech-touch") ? null : csms.get(i % csms.size()), contractStart, renewal, silentFrom,
                    churnsOn);
            plans.add(new Plan(account, users, emails, emails.get(0), emails.get(Math.min(1, seats - 1))));
        }
    }

    /**
     * The size band of each account by its position, a cycle of 20 like a B2B book: 4 large (L),
     * 7 mid-sized (M), 9 small (S). Any first three accounts hold one of each, so every tier is
     * present however few accounts are simulated.
     */
    static final String TIER_BANDS = "LMSMSLSMSMLSMSSLMSMS";

    /** A contract amount within the band: large ones are high-touch, mid-sized low-touch, small tech-touch. */
    private static long mrr(Random random, char band) {
        return switch (band) {
            case 'L' -> 500_000 + random.nextInt(1_500_000);
            case 'M' -> 70_000 + random.nextInt(400_000);
            default -> 5_000 + random.nextInt(60_000);
        };
    }

    public List<SimulatedAccount> accounts() {
        return plans.stream().map(Plan::account).toList();
    }

    public LocalDate start() {
        return start;
    }

    public LocalDate end() {
        return start.plusDays(days);
    }

    /** Plays the events, in time order, to {@code sink}. */
    public void events(Consumer<ObjectNode> sink) {
        Random random = new Random(seed ^ 0x5DEECE66DL);
        long[] counter = { 0 };
        for (int d = 0; d < days; d++) {
            LocalDate day = start.plusDays(d);
            Instant midnight = day.atStartOfDay().toInstant(ZoneOffset.UTC);
            List<ObjectNode> today = new ArrayList<>();
            for (Plan plan : plans) {
                day(plan, d, day, midnight, random, today);
            }
            today.sort(Comparator.comparing(e -> e.get("timestamp").asText()));
            for (ObjectNode event : today) {
                event.put("messageId", "s" + seed + "-" + start + "-" + counter[0]++);
                sink.accept(event);
            }
        }
    }

    private void day(Plan plan, int d, LocalDate day, Instant midnight, Random random, List<ObjectNode> out) {
        SimulatedAccount a = plan.account();
        if (a.churnsOn() != null && day.isAfter(a.churnsOn())) {
            return;
        }
        if (d == 0) {
            ObjectNode traits = JSON.objectNode().put("name", a.name()).put("plan", "business").put("mrr", a.mrr())
                    .put("currency", CURRENCY).put("seats", a.seats()).put("contractStart", a.contractStart().toString())
                    .put("renewalDate", a.renewalDate().toString()).put("primaryContact", plan.firstContact())
                    .put("status", "active");
            if (a.csmOwner() != null) {
                traits.put("csmOwner", a.csmOwner());
            }
            if (a.profile() == Profile.GROWING_TOWARDS_EXPANSION) {
                traits.put("expansionPotential", "high");
            }
            out.add(group(plan, midnight.plusSeconds(60), traits));
            for (int u = 0; u < plan.users().size(); u++) {
                ObjectNode identify = call("identify", plan.users().get(u), midnight.plusSeconds(120 + u));
                identify.putObject("traits").put("email", plan.emails().get(u));
                identify.putObject("context").put("groupId", a.accountId());
                out.add(identify);
            }
        }
        if (a.churnsOn() != null && day.equals(a.churnsOn())) {
            out.add(group(plan, midnight.plusSeconds(23 * 3600),
                    JSON.objectNode().put("status", "churned").put("churnedAt", day.toString())));
            return;
        }
        // An account that stays renews: its renewal date moves a year on a week before.
        if (a.churnsOn() == null && day.equals(a.renewalDate().minusDays(7))) {
            out.add(group(plan, midnight.plusSeconds(10 * 3600),
                    JSON.objectNode().put("renewalDate", a.renewalDate().plusYears(1).toString())));
        }
        if (a.profile() == Profile.CONTACT_CHANGES && d == days / 2) {
            out.add(group(plan, midnight.plusSeconds(7 * 3600),
                    JSON.objectNode().put("primaryContact", plan.secondContact())));
        }
        if (a.silentFrom() != null && !day.isBefore(a.silentFrom())) {
            return;
        }
        int stepsByNow = a.profile() == Profile.ONBOARDING_STALLS ? Math.min(2, d + 1) : Math.min(SETUP_STEPS, d + 1);
        if (d < SETUP_STEPS && d < stepsByNow) {
            ObjectNode step = track(plan, plan.users().get(0), "Setup Step Completed", midnight.plusSeconds(9 * 3600));
            step.putObject("properties").put("step", "step-" + (d + 1));
            out.add(step);
        }
        double share = activeShare(a.profile(), d, a.churnsOn() == null ? -1
                : (int) (a.churnsOn().toEpochDay()
                        - start.toEpochDay()));
        // Weekends are quiet.
        if (day.getDayOfWeek().getValue() >= 6) {
            share /= 4;
        }
        for (String user : plan.users()) {
            if (random.nextDouble() >= share) {
                continue;
            }
            int events = 1 + random.nextInt(3);
            for (int e = 0; e < events; e++) {
                Instant at = midnight.plusSeconds(8 * 3600 + random.nextInt(10 * 3600));
                if (a.profile() == Profile.ONBOARDING_STALLS && d >= 2) {
                    out.add(track(plan, user, "Dashboard Viewed", at));
                } else if (random.nextBoolean()) {
                    ObjectNode used = track(plan, user, "Feature Used", at);
                    used.putObject("properties").put("feature", FEATURES[random.nextInt(FEATURES.length)]);
                    out.add(used);
                } else {
                    out.add(track(plan, user, "Dashboard Viewed", at));
                }
            }
        }
    }

    /** The share of an account's users active on day d. */
    private double activeShare(Profile profile, int d, int churnDay) {
        return switch (profile) {
            case HEALTHY, CONTACT_CHANGES, SUDDENLY_INACTIVE_THEN_CHURNING -> 0.7;
            case DECLINING_THEN_CHURNING -> {
                int from = days / 3;
                yield d < from ? 0.7 : Math.max(0.03, 0.7 * (1 - (d - from) / (double) Math.max(1, churnDay - from)));
            }
            case ONBOARDING_STALLS -> d < 2 ? 0.5 : 0.15;
            case GROWING_TOWARDS_EXPANSION -> Math.min(1.0, 0.35 + 0.65 * d / (days * 0.6));
        };
    }

    private ObjectNode group(Plan plan, Instant at, ObjectNode traits) {
        ObjectNode group = call("group", plan.users().get(0), at);
        group.put("groupId", plan.account().accountId());
        group.set("traits", traits);
        return group;
    }

    private static ObjectNode track(Plan plan, String user, String event, Instant at) {
        ObjectNode track = call("track", user, at);
        track.put("event", event);
        track.putObject("context").put("groupId", plan.account().accountId());
        return track;
    }

    private static ObjectNode call(String type, String userId, Instant at) {
        return JSON.objectNode().put("type", type).put("userId", userId).put("timestamp", at.toString());
    }
}
