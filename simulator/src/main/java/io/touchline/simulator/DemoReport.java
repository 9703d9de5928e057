package io.touchline.simulator;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.touchline.simulator.domain.SimulatedAccount;

/**
 * The demo's closing summary, read from the services' REST APIs for the simulated accounts: bands
 * and tiers, the riskiest accounts with why, signals, tasks per owner and playbook, messages per
 * channel and outcome, and how well the churn signals told the simulated truth.
 *
 * Usage: java -cp simulator.jar io.touchline.simulator.DemoReport <scoring-url> <playbook-url>
 * <notification-url> <ops-key> <truth-file> <greenmail-url>
 */
public final class DemoReport {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule());
    private final String scoring;
    private final String playbook;
    private final String notification;
    private final String key;

    private DemoReport(String scoring, String playbook, String notification, String key) {
        this.scoring = scoring;
        this.playbook = playbook;
        this.notification = notification;
        this.key = key;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            throw new IllegalArgumentException(
                    "usage: DemoReport <scoring-url> <playbook-url> <notification-url> <ops-key> <truth-file> <greenmail-url>");
        }
        DemoReport report = new DemoReport(args[0], args[1], args[2], args[3]);
        List<SimulatedAccount> truth = report.mapper.readValue(Path.of(args[4]).toFile(), new TypeReference<>() {
        });
        report.print(truth, args[5]);
    }

    private void print(List<SimulatedAccount> truth, String greenmail) throws Exception {
        Map<String, Integer> bandTier = new TreeMap<>();
        Map<String, Integer> signals = new TreeMap<>();
        Map<String, Integer> tasks = new TreeMap<>();
        Map<String, Integer> messages = new TreeMap<>();
        Map<String, Integer> profiles = new TreeMap<>();
        List<JsonNode> healths = new ArrayList<>();
        Verdicts churnRisk = new Verdicts();
        Verdicts inactive = new Verdicts();
        for (SimulatedAccount a : truth) {
            profiles.merge(a.profile().wireName(), 1, Integer::sum);
            JsonNode health = get(scoring + "/v1/accounts/" + a.accountId() + "/health");
            healths.add(health);
            bandTier.merge(health.path("band").asText() + " " + health.path("tier").asText("unknown"), 1, Integer::sum);
            Instant firstRisk = null;
            Instant firstInactive = null;
            for (JsonNode entry : get(playbook + "/v1/accounts/" + a.accountId() + "/timeline?limit=1000")) {
                if (!entry.path("kind").asText().equals("signal")) {
                    continue;
                }
                String type = entry.at("/signal/signalType").asText();
                Instant at = Instant.parse(entry.path("at").asText());
                signals.merge(type, 1, Integer::sum);
                if (type.equals("CHURN_RISK_HIGH") && firstRisk == null) {
                    firstRisk = at;
                }
                if (type.equals("INACTIVE") && firstInactive == null) {
                    firstInactive = at;
                }
            }
            churnRisk.add(a.churnsOn(), firstRisk);
            inactive.add(a.churnsOn(), firstInactive);
            for (JsonNode task : get(playbook + "/v1/tasks?limit=500&accountId=" + encode(a.accountId())).path("items")) {
                tasks.merge(task.path("owner").asText() + "  " + task.path("playbookId").asText(), 1, Integer::sum);
            }
            JsonNode deliveries = get(notification + "/v1/deliveries?limit=500&accountId=" + encode(a.accountId()));
            for (JsonNode delivery : deliveries.isArray() ? deliveries : deliveries.path("items")) {
                messages.merge(delivery.path("channel").asText() + " " + delivery.path("status").asText().toLowerCase(
                        Locale.ROOT), 1, Integer::sum);
            }
        }
        System.out.println();
        System.out.println("Simulated accounts by behaviour: " + profiles);
        table("Accounts by band and tier", bandTier);
        System.out.println();
        System.out.println("The five riskiest accounts");
        healths.stream().filter(h -> h.hasNonNull("churnProbability"))
                .sorted(Comparator.comparingDouble((JsonNode h) -> -h.path("churnProbability").asDouble()))
                .limit(5).forEach(h -> System.out.println(riskLine(h)));
        table("Signals", signals);
        table("Tasks by owner and playbook", tasks);
        table("Messages by channel and outcome", messages);
        System.out.println();
        System.out.println("Does the score tell the truth? (simulated data, not a public data set)");
        System.out.println("  churn risk high:    " + churnRisk);
        System.out.println("  inactive 14 days:   " + inactive);
        System.out.println();
        System.out.println("Where to look next");
        System.out.println("  accounts, riskiest first: " + scoring + "/v1/accounts?sort=-churn");
        System.out
                .println("  one account's story:      " + playbook + "/v1/accounts/" + truth.get(0).accountId() + "/timeline");
        System.out.println("  open tasks:               " + playbook + "/v1/tasks?status=open");
        System.out.println("  deliveries:               " + notification + "/v1/deliveries");
        System.out.println("  the mails (GreenMail):    " + greenmail + "/api/user/<address>/messages/INBOX");
        System.out.println("  (with the ops key from .touchline/demo.env as a Bearer token)");
    }

    private static String riskLine(JsonNode h) {
        List<JsonNode> factors = new ArrayList<>();
        h.at("/explanation/churn/factors").forEach(factors::add);
        factors.sort(Comparator.comparingDouble(f -> -f.path("contribution").asDouble()));
        StringBuilder why = new StringBuilder();
        for (JsonNode f : factors.subList(0, Math.min(3, factors.size()))) {
            if (f.path("contribution").asDouble() > 0) {
                why.append(why.isEmpty() ? "" : ", ").append(f.path("name").asText()).append(" +")
                        .append(f.path("contribution").asText());
            }
        }
        return String.format(Locale.ROOT, "  %-10s %-7s %-11s churn %.3f (%s): %s", h.path("accountId").asText(),
                h.path("band").asText(), h.path("tier").asText("unknown"), h.path("churnProbability").asDouble(),
                h.path("churnLevel").asText(), why);
    }

    private static void table(String title, Map<String, Integer> counts) {
        System.out.println();
        System.out.println(title);
        if (counts.isEmpty()) {
            System.out.println("  (none)");
        }
        counts.forEach((name, count) -> System.out.printf(Locale.ROOT, "  %-50s %5d%n", name, count));
    }

    /** Precision, recall and median lead time of one signal against the simulated churns. */
    static final class Verdicts {
        int flagged;
        int churners;
        int caught;
        final List<Long> leadDays = new ArrayList<>();

        void add(LocalDate churnsOn, Instant firstSignal) {
            boolean churns = churnsOn != null;
            boolean before = firstSignal != null
                    && (!churns || firstSignal.isBefore(churnsOn.atStartOfDay().toInstant(ZoneOffset.UTC)));
            churners += churns ? 1 : 0;
            flagged += before ? 1 : 0;
            if (churns && before) {
                caught++;
                leadDays.add(Duration.between(firstSignal, churnsOn.atStartOfDay().toInstant(ZoneOffset.UTC)).toDays());
            }
        }

        @Override
        public String toString() {
            List<Long> sorted = leadDays.stream().sorted().toList();
            return String.format(Locale.ROOT, "precision %s, recall %s, median lead time %s (%d flagged, %d of %d churners)",
                    flagged == 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", caught / (double) flagged),
                    churners == 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", caught / (double) churners),
                    sorted.isEmpty() ? "n/a" : sorted.get(sorted.size() / 2) + " days", flagged, caught, churners);
        }
    }

    private JsonNode get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + key).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        return mapper.readTree(response.body());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
