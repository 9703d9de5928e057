package io.touchline.playbook.application;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import io.smallrye.mutiny.Uni;
import io.touchline.messaging.contract.HealthSignal;
import io.touchline.playbook.domain.Playbook;
import io.touchline.playbook.domain.SignalFacts;
import io.touchline.playbook.domain.Simulation;
import io.touchline.playbook.domain.TenantSettings;
import io.touchline.playbook.store.SignalStore;

/**
 * Runs a {@link Simulation} over the tenant's stored signals of a date range, a page at a time in
 * the order they were received, so a range of any length takes memory only per account.
 */
@ApplicationScoped
public class Simulator {

    static final int PAGE = 1000;

    private final SignalStore signals;
    private final ObjectReader reader;

    public Simulator(SignalStore signals, ObjectMapper mapper) {
        this.signals = signals;
        this.reader = mapper.readerFor(HealthSignal.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /** What the playbook would have done over the signals whose time lies in [from, to). */
    public Uni<Simulation.Report> simulate(String tenantId, Playbook playbook, TenantSettings settings, Instant from,
            Instant to, boolean tasksCompletedAtDue, int maxAccounts) {
        Simulation simulation = new Simulation(playbook, settings, tasksCompletedAtDue);
        return pages(tenantId, from, to, 0, simulation).map(x -> simulation.report(maxAccounts));
    }

    private Uni<Void> pages(String tenantId, Instant from, Instant to, long afterSeq, Simulation simulation) {
        return signals.history(tenantId, from, to, afterSeq, PAGE).flatMap(page -> {
            for (SignalStore.Stored stored : page) {
                simulation.accept(facts(stored.signal()));
            }
            return page.size() < PAGE ? Uni.createFrom().voidItem()
                    : pages(tenantId, from, to, page.get(page.size() - 1).seq(), simulation);
        });
    }

    private SignalFacts facts(SignalStore.Received s) {
        try {
            return SignalFacts.of(s.tenantId(), s.accountId(), s.at(), reader.readValue(s.payload()));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored payloads were read as health signals when received", e);
        }
    }
}
