package io.touchline.e2e.reliability;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one scenario sent and what ingest answered: per account, the message ids ingest
 * acknowledged, in the order they were sent (each account's events go one request at a time, so
 * this is the order they must be applied in), and the answers that were not a 200.
 */
final class Ledger {

    /** A scripted account; a high-touch one has an owner who is emailed when its contact changes. */
    record Account(String id, String user, boolean highTouch) {

        String owner() {
            return "csm-" + id + "@touchline.test";
        }
    }

    final String scenario;
    final List<Account> accounts;
    private final Map<String, List<String>> acknowledged = new LinkedHashMap<>();
    private final Map<String, Boolean> contactChanged = new LinkedHashMap<>();
    private final Map<Integer, AtomicLong> answers = new TreeMap<>();
    final AtomicLong refusalsWithoutRetryAfter = new AtomicLong();
    final AtomicLong transportFailures = new AtomicLong();
    final AtomicLong rejectedEvents = new AtomicLong();

    Ledger(String scenario, int accounts, int highTouchEvery) {
        this.scenario = scenario;
        List<Account> list = new ArrayList<>();
        String run = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        for (int i = 0; i < accounts; i++) {
            String id = slug(scenario) + "-" + run + "-" + i;
            list.add(new Account(id, "user-" + id, highTouchEvery > 0 && i % highTouchEvery == 0));
            acknowledged.put(id, new ArrayList<>());
            contactChanged.put(id, false);
        }
        this.accounts = List.copyOf(list);
    }

    /** The scenario's name as it can stand in an account id and a URL path: lower case letters, digits and dashes. */
    static String slug(String scenario) {
        String slug = scenario.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        return slug.length() <= 24 ? slug : slug.substring(0, 24);
    }

    synchronized void acknowledged(String account, List<String> messageIds, boolean changesContact) {
        acknowledged.get(account).addAll(messageIds);
        if (changesContact) {
            contactChanged.put(account, true);
        }
    }

    synchronized List<String> acknowledged(String account) {
        return List.copyOf(acknowledged.get(account));
    }

    synchronized boolean contactChanged(String account) {
        return contactChanged.get(account);
    }

    synchronized long eventsAcknowledged() {
        return acknowledged.values().stream().mapToLong(List::size).sum();
    }

    void answered(int status) {
        synchronized (answers) {
            answers.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
        }
    }

    long answers(int status) {
        synchronized (answers) {
            AtomicLong count = answers.get(status);
            return count == null ? 0 : count.get();
        }
    }

    /** The answers as {@code 200×n 503×m}, for the report. */
    String answersSummary() {
        synchronized (answers) {
            StringBuilder summary = new StringBuilder();
            answers.forEach((status, count) -> summary.append(summary.isEmpty() ? "" : " ").append(status).append("×")
                    .append(count.get()));
            if (transportFailures.get() > 0) {
                summary.append(" no answer×").append(transportFailures.get());
            }
            return summary.toString();
        }
    }
}
