package io.touchline.scoring.domain.churn;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import io.touchline.messaging.contract.AccountTraits;
import io.touchline.scoring.domain.state.EventVocabulary;
import io.touchline.scoring.domain.state.TrackProperties;
import io.touchline.scoring.domain.state.UsageEvent;

/**
 * A seeded product history in which churn follows the mix and volume of use, not inactivity:
 * every account is active every day until the day it leaves. An account that creates fewer
 * reports, views the downgrade page more and uses the product less is likelier to churn; some
 * accounts drift that way month by month. New accounts join every month.
 */
public final class SimulatedTenant {

    public static final String REPORT = "Report Created";
    static final String VIEW = "Dashboard Viewed";
    public static final String DOWNGRADE = "Downgrade Viewed";
    public static final EventVocabulary VOCABULARY = new EventVocabulary("Setup Step Completed", 5, "Ticket Opened",
            "Ticket Closed", "Survey Responded", "Feature Used", Set.of(REPORT), Set.of(DOWNGRADE));

    /** One event of one account. */
    public record Emitted(String accountId, UsageEvent event) {
    }

    /** Receives the history day by day. */
    public interface Listener {

        /** The start of a day, before its events: {@code accounts} are those still customers. */
        void day(Instant midnight, List<String> accounts);

        void event(Emitted emitted);
    }

    private static final class Account {
        final String id;
        final int users;
        final double volume;
        double reportShare;
        final double drift;

        Account(String id, int users, double volume, double reportShare, double drift) {
            this.id = id;
            this.users = users;
            this.volume = volume;
            this.reportShare = reportShare;
            this.drift = drift;
        }

        /** The monthly churn probability: fewer reports, more downgrade views and less use raise it. */
        double monthlyChurn() {
            double z = -3.0 + 14 * (0.2 - reportShare) - 0.9 * Math.log(volume / 8);
            return 1 / (1 + Math.exp(-z));
        }

        double downgradeViews() {
            return 0.02 + 0.4 * Math.max(0, 0.2 - reportShare);
        }
    }

    public final Map<String, LocalDate> churnedOn = new LinkedHashMap<>();
    private final Random random;
    private final LocalDate start;
    private final int months;
    private final int initialAccounts;
    private final int joiningPerMonth;
    private final double volumeScale;

    /** @param volumeScale how much of the usual daily use (8 events a day on average) to send */
    public SimulatedTenant(long seed, LocalDate start, int months, int initialAccounts, int joiningPerMonth,
            double volumeScale) {
        this.volumeScale = volumeScale;
        this.random = new Random(seed);
        this.start = start;
        this.months = months;
        this.initialAccounts = initialAccounts;
        this.joiningPerMonth = joiningPerMonth;
    }

    /** Plays the history, in time order, to the listener. */
    public void play(Listener listener) {
        List<Account> active = new ArrayList<>();
        int next = 0;
        LocalDate end = start.plusMonths(months);
        for (LocalDate day = start; day.isBefore(end); day = day.plusDays(1)) {
            Instant midnight = day.atStartOfDay().toInstant(ZoneOffset.UTC);
            if (day.getDayOfMonth() == 1) {
                for (Account a : active) {
                    a.reportShare = Math.max(0.01, Math.min(0.6, a.reportShare + a.drift + 0.01 * random.nextGaussian()));
                }
                int joining = day.equals(start) ? initialAccounts : joiningPerMonth;
                for (int i = 0; i < joining; i++) {
                    Account a = new Account(String.format("acct-%04d", next++), 3 + random.nextInt(20),
                            Math.exp(Math.log(8) + 0.5 * random.nextGaussian()), 0.05 + 0.35 * random.nextDouble(),
                            random.nextDouble() < 0.3 ? -0.02 - 0.02 * random.nextDouble() : 0);
                    active.add(a);
                    AccountTraits traits = new AccountTraits("Account " + a.id, "pro", BigDecimal.valueOf(500), "EUR",
                            a.users, day, day.plusYears(1), null, null, null, null, null, "active", null);
                    listener.event(new Emitted(a.id, new UsageEvent("group", "admin", null, TrackProperties.NONE, traits,
                            midnight.plusSeconds(60))));
                }
            }
            listener.day(midnight, active.stream().map(a -> a.id).toList());
            List<Account> leaving = new ArrayList<>();
            for (Account a : active) {
                int events = poisson(a.volume * volumeScale);
                for (int e = 0; e < events; e++) {
                    double pick = random.nextDouble();
                    String name = pick < a.reportShare ? REPORT
                            : pick < a.reportShare + a.downgradeViews() / 8 ? DOWNGRADE : VIEW;
                    Instant at = midnight.plusSeconds(3600 + random.nextInt(20 * 3600));
                    listener.event(new Emitted(a.id, new UsageEvent("track", "u" + random.nextInt(a.users), name,
                            TrackProperties.NONE, null, at)));
                }
                if (random.nextDouble() < 1 - Math.pow(1 - a.monthlyChurn(), 1 / 30.0)) {
                    leaving.add(a);
                }
            }
            for (Account a : leaving) {
                active.remove(a);
                churnedOn.put(a.id, day.plusDays(1));
                AccountTraits churned = new AccountTraits(null, null, null, null, null, null, null, null, null, null, null,
                        null, AccountTraits.CHURNED, day.plusDays(1));
                listener.event(new Emitted(a.id, new UsageEvent("group", "admin", null, TrackProperties.NONE, churned,
                        midnight.plusSeconds(23 * 3600))));
            }
        }
    }

    private int poisson(double mean) {
        // Knuth's method: fine for the small means here.
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int k = 0;
        while (product > limit) {
            product *= random.nextDouble();
            k++;
        }
        return k;
    }
}
