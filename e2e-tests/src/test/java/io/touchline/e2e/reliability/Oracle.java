package io.touchline.e2e.reliability;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.core.ConditionTimeoutException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.touchline.messaging.Topics;
import io.touchline.testing.TestKeys;

/**
 * What the end state must be, given a {@link Ledger}, and how far the services' state is from it.
 * Per account: scoring applied exactly the acknowledged events; playbook-service holds one
 * welcome task, and for a high-touch account whose contact changed one more; notification-service
 * holds one in-app welcome delivery, one digest item telling the welcome task's owner, and for
 * that high-touch account one email telling its owner of the high-priority task, which the SMTP
 * server received once. An email whose attempt was cut off by a crash is FAILED with
 * {@code outcome-unknown}: that is the documented at-most-once window, counted apart.
 */
final class Oracle {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** How the state compares with the ledger; zero lost and zero duplicated is the pass. */
    record Verdict(long eventsSent, long eventsLost, long eventsDuplicated, long effectsExpected, long effectsLost,
            long effectsDuplicated, long atMostOnceWindow, long outOfOrder, List<String> problems) {

        boolean exact() {
            return eventsLost == 0 && eventsDuplicated == 0 && effectsLost == 0 && effectsDuplicated == 0 && outOfOrder == 0;
        }
    }

    private final FaultPipeline pipeline;
    private final Ledger ledger;

    Oracle(FaultPipeline pipeline, Ledger ledger) {
        this.pipeline = pipeline;
        this.ledger = ledger;
    }

    /** Checks until the state is exact or {@code atMost} has passed; the last verdict. */
    Verdict settle(Duration atMost) {
        try {
            // A service still starting does not answer: that check counts as not settled yet.
            return await("the state matches the ledger").atMost(atMost).pollInterval(Duration.ofSeconds(1))
                    .ignoreExceptions().until(this::check, Verdict::exact);
        } catch (ConditionTimeoutException e) {
            return check();
        }
    }

    Verdict check() {
        long sent = 0;
        long eventsLost = 0;
        long eventsDuplicated = 0;
        long effectsExpected = 0;
        long effectsLost = 0;
        long effectsDuplicated = 0;
        long window = 0;
        List<String> problems = new ArrayList<>();
        Map<String, Long> mails = mailsByRecipient();
        for (Ledger.Account account : ledger.accounts) {
            long acknowledged = ledger.acknowledged(account.id()).size();
            sent += acknowledged;
            long applied = eventsApplied(account.id());
            eventsLost += Math.max(0, acknowledged - applied);
            eventsDuplicated += Math.max(0, applied - acknowledged);
            if (applied != acknowledged) {
                problems.add(account.id() + ": " + applied + " events applied of " + acknowledged + " acknowledged");
            }

            boolean emailed = account.highTouch() && ledger.contactChanged(account.id());
            long tasksExpected = emailed ? 2 : 1;
            long tasks = items(pipeline.playbook.get("/v1/tasks?limit=50&accountId=" + account.id(), TestKeys.OPS)).size();
            effectsExpected += tasksExpected;
            effectsLost += Math.max(0, tasksExpected - tasks);
            effectsDuplicated += Math.max(0, tasks - tasksExpected);
            if (tasks != tasksExpected) {
                problems.add(account.id() + ": " + tasks + " tasks, expected " + tasksExpected);
            }

            List<JsonNode> deliveries = items(
                    pipeline.notification.get("/v1/deliveries?limit=50&accountId=" + account.id(), TestKeys.OPS));
            long inApp = deliveries.stream().filter(d -> d.path("channel").asText().equals("in-app")
                    && d.path("status").asText().equals("SENT")).count();
            long digestItems = deliveries.stream().filter(d -> d.path("kind").asText().equals("digest-item")).count();
            effectsExpected += 2;
            effectsLost += Math.max(0, 1 - inApp) + Math.max(0, 1 - digestItems);
            effectsDuplicated += Math.max(0, inApp - 1) + Math.max(0, digestItems - 1);
            if (inApp != 1 || digestItems != 1) {
                problems.add(account.id() + ": " + inApp + " in-app deliveries sent and " + digestItems
                        + " digest items for the welcome task's owner, expected 1 and 1");
            }

            List<JsonNode> emails = deliveries.stream().filter(d -> d.path("kind").asText().equals("task")).toList();
            long emailsExpected = emailed ? 1 : 0;
            long received = mails.getOrDefault(account.owner(), 0L);
            long cutOff = emails.stream().filter(d -> d.path("status").asText().equals("FAILED")
                    && d.path("reason").asText().equals("outcome-unknown")).count();
            long sentEmails = emails.stream().filter(d -> d.path("status").asText().equals("SENT")).count();
            window += cutOff;
            effectsExpected += emailsExpected;
            // A delivery must exist once; the SMTP server must hold what was SENT, and at most one more in the window.
            effectsLost += Math.max(0, emailsExpected - emails.size()) + Math.max(0, sentEmails - received);
            effectsDuplicated += Math.max(0, emails.size() - emailsExpected) + Math.max(0, received - sentEmails - cutOff);
            if (emails.size() != emailsExpected || sentEmails + cutOff != emails.size() || received < sentEmails
                    || received > sentEmails + cutOff) {
                problems.add(account.id() + ": " + emails.size() + " email deliveries (" + sentEmails + " SENT, " + cutOff
                        + " outcome-unknown), " + received + " received by the SMTP server, expected " + emailsExpected);
            }
        }
        // The order check reads the whole topic, so only once the counts are right.
        boolean counted = eventsLost == 0 && eventsDuplicated == 0 && effectsLost == 0 && effectsDuplicated == 0;
        long outOfOrder = counted ? outOfOrder(problems) : 0;
        return new Verdict(sent, eventsLost, eventsDuplicated, effectsExpected, effectsLost, effectsDuplicated, window,
                outOfOrder, problems.stream().limit(20).toList());
    }

    private long eventsApplied(String account) {
        HttpResponse<String> health = pipeline.scoring.get("/v1/accounts/" + account + "/health", TestKeys.OPS);
        if (health.statusCode() == 404) {
            return 0;
        }
        return json(health).path("eventsApplied").asLong();
    }

    /**
     * Accounts whose published scores went back in their event order: each score names the last
     * event its poll applied, so per account those events' places in the ledger must not decrease.
     */
    private long outOfOrder(List<String> problems) {
        Map<String, Map<String, Integer>> places = new HashMap<>();
        for (Ledger.Account account : ledger.accounts) {
            Map<String, Integer> place = new HashMap<>();
            List<String> ids = ledger.acknowledged(account.id());
            for (int i = 0; i < ids.size(); i++) {
                place.put(TestKeys.TENANT + ":" + ids.get(i), i);
            }
            places.put(TestKeys.TENANT + ":" + account.id(), place);
        }
        Map<String, Integer> lastPlace = new HashMap<>();
        Map<String, Boolean> broken = new HashMap<>();
        for (ConsumerRecord<String, String> record : BrokerView.read(pipeline.broker.bootstrapServers(),
                Topics.HEALTH_SCORES, Map.of())) {
            Map<String, Integer> place = places.get(record.key());
            if (place == null) {
                continue;
            }
            String id = json(record.value()).path("id").asText();
            int cut = id.indexOf(":score:");
            Integer at = cut < 0 ? null : place.get(id.substring(0, cut));
            if (at == null) {
                continue; // caused by the sweep or an operator, not by an event
            }
            Integer before = lastPlace.put(record.key(), at);
            if (before != null && at < before) {
                broken.put(record.key(), true);
                problems.add(record.key() + ": a score of event " + at + " published after one of event " + before);
            }
        }
        return broken.size();
    }

    private Map<String, Long> mailsByRecipient() {
        Map<String, Long> byRecipient = new HashMap<>();
        for (var message : pipeline.mail.getReceivedMessages()) {
            try {
                for (Address address : message.getAllRecipients()) {
                    byRecipient.merge(address.toString(), 1L, Long::sum);
                }
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }
        return byRecipient;
    }

    private static List<JsonNode> items(HttpResponse<String> response) {
        JsonNode items = json(response).path("items");
        List<JsonNode> list = new ArrayList<>();
        items.forEach(list::add);
        return list;
    }

    private static JsonNode json(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException(response.uri() + " answered " + response.statusCode() + ": " + response.body());
        }
        return json(response.body());
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
