package io.touchline.e2e.reliability;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.touchline.e2e.ServiceProcess;
import io.touchline.testing.TestKeys;

/**
 * A client that behaves as Segment's SDKs do: batches of events to {@code POST /v1/batch}, each
 * batch sent again with the same message ids until it is answered 200, waiting {@code Retry-After}
 * when told to. Each worker owns its accounts and sends one request at a time, so an account's
 * events reach ingest in the ledger's order.
 *
 * Each account's script: a {@code group} call first (a high-touch account's carries its revenue,
 * owner and primary contact), then {@code track} calls; a high-touch account's contact changes
 * once, after {@link #CONTACT_CHANGE_AFTER} events.
 */
final class Load implements AutoCloseable {

    static final int CONTACT_CHANGE_AFTER = 10;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final ServiceProcess ingest;
    private final Ledger ledger;
    private final double eventsPerSecondPerWorker;
    private final int eventsPerBatch;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final List<Thread> workers = new ArrayList<>();

    private Load(ServiceProcess ingest, Ledger ledger, int eventsPerSecond, int workerCount, int eventsPerBatch) {
        this.ingest = ingest;
        this.ledger = ledger;
        this.eventsPerBatch = eventsPerBatch;
        this.eventsPerSecondPerWorker = eventsPerSecond == 0 ? Double.POSITIVE_INFINITY
                : (double) eventsPerSecond / workerCount;
        for (int w = 0; w < workerCount; w++) {
            List<Ledger.Account> own = new ArrayList<>();
            for (int i = w; i < ledger.accounts.size(); i += workerCount) {
                own.add(ledger.accounts.get(i));
            }
            workers.add(new Thread(() -> work(own), "load-" + ledger.scenario + "-" + w));
        }
    }

    /**
     * Starts sending batches of {@code eventsPerBatch} at about {@code eventsPerSecond} over
     * {@code workers} workers; 0 sends as fast as each worker's answers come.
     */
    static Load start(ServiceProcess ingest, Ledger ledger, int eventsPerSecond, int workers, int eventsPerBatch) {
        Load load = new Load(ingest, ledger, eventsPerSecond, workers, eventsPerBatch);
        load.workers.forEach(Thread::start);
        return load;
    }

    /** Stops after each worker's batch in hand is acknowledged. */
    @Override
    public void close() {
        stopping.set(true);
        for (Thread worker : workers) {
            try {
                worker.join(Duration.ofMinutes(3).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (worker.isAlive()) {
                throw new IllegalStateException(worker.getName() + " could not get its last batch acknowledged in 3 min");
            }
        }
    }

    private void work(List<Ledger.Account> accounts) {
        long nanosPerBatch = (long) (eventsPerBatch / eventsPerSecondPerWorker * 1e9);
        long next = System.nanoTime();
        int turn = 0;
        while (!stopping.get() && !accounts.isEmpty()) {
            Ledger.Account account = accounts.get(turn++ % accounts.size());
            send(account);
            next += nanosPerBatch;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                sleep(Duration.ofNanos(wait));
            } else {
                next = System.nanoTime();
            }
        }
    }

    private void send(Ledger.Account account) {
        List<String> before = ledger.acknowledged(account.id());
        int sequence = before.size();
        boolean changesContact = account.highTouch() && sequence >= CONTACT_CHANGE_AFTER
                && !ledger.contactChanged(account.id());
        ArrayNode batch = JSON.createArrayNode();
        List<String> ids = new ArrayList<>();
        if (sequence == 0) {
            batch.add(group(account, "first-contact@" + account.id() + ".test", ids, sequence++));
        } else if (changesContact) {
            batch.add(group(account, "second-contact@" + account.id() + ".test", ids, sequence++));
        }
        while (batch.size() < eventsPerBatch) {
            ObjectNode track = event(account, "track", ids, sequence++);
            track.put("event", "Report Exported");
            batch.add(track);
        }
        ObjectNode body = JSON.createObjectNode();
        body.set("batch", batch);
        String json = body.toString();
        while (true) {
            HttpResponse<String> answer = post(json);
            if (answer == null) {
                ledger.transportFailures.incrementAndGet();
                sleep(Duration.ofMillis(200));
                continue;
            }
            ledger.answered(answer.statusCode());
            if (answer.statusCode() == 200) {
                int accepted = accepted(answer.body());
                if (accepted != ids.size()) {
                    ledger.rejectedEvents.addAndGet(ids.size() - accepted);
                }
                ledger.acknowledged(account.id(), ids, changesContact);
                return;
            }
            Duration pause = Duration.ofMillis(200);
            if (answer.statusCode() == 429 || answer.statusCode() == 503) {
                pause = answer.headers().firstValue("Retry-After").map(s -> Duration.ofSeconds(Long.parseLong(s)))
                        .orElse(null);
                if (pause == null) {
                    ledger.refusalsWithoutRetryAfter.incrementAndGet();
                    pause = Duration.ofSeconds(1);
                }
            }
            sleep(pause);
        }
    }

    private static ObjectNode group(Ledger.Account account, String contact, List<String> ids, int sequence) {
        ObjectNode group = event(account, "group", ids, sequence);
        ObjectNode traits = group.putObject("traits");
        if (account.highTouch()) {
            traits.put("mrr", 650000).put("currency", "JPY").put("csmOwner", account.owner());
            traits.put("primaryContact", contact);
        }
        return group;
    }

    private static ObjectNode event(Ledger.Account account, String type, List<String> ids, int sequence) {
        String messageId = account.id() + "-" + sequence;
        ids.add(messageId);
        ObjectNode event = JSON.createObjectNode();
        event.put("type", type).put("messageId", messageId).put("userId", account.user()).put("groupId", account.id())
                .put("timestamp", Instant.now().toString());
        return event;
    }

    private HttpResponse<String> post(String json) {
        HttpRequest request = HttpRequest.newBuilder(ingest.uri("/v1/batch")).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + TestKeys.INGEST)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static int accepted(String body) {
        try {
            JsonNode answer = JSON.readTree(body);
            return answer.path("accepted").asInt(-1);
        } catch (IOException e) {
            return -1;
        }
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
