package io.touchline.simulator;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.touchline.simulator.domain.Simulation;

/**
 * Writes a simulated tenant's usage as a gzipped Segment export (one JSON event per line, in time
 * order) and its known truth as JSON, for {@code ./touchline demo} to import and check against.
 *
 * Usage: java -jar simulator.jar [--accounts 60] [--weeks 8] [--seed 42] [--events FILE] [--truth FILE]
 * The simulated weeks end yesterday (UTC), so the import hands over to today's clock.
 */
public final class Simulate {

    private Simulate() {
    }

    public static void main(String[] args) throws IOException {
        int accounts = 60;
        int weeks = 8;
        long seed = 42;
        Path events = Path.of("demo-events.jsonl.gz");
        Path truth = Path.of("demo-truth.json");
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--accounts" -> accounts = Integer.parseInt(require(args[i], value));
                case "--weeks" -> weeks = Integer.parseInt(require(args[i], value));
                case "--seed" -> seed = Long.parseLong(require(args[i], value));
                case "--events" -> events = Path.of(require(args[i], value));
                case "--truth" -> truth = Path.of(require(args[i], value));
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; use --accounts, --weeks, --seed, --events, --truth");
            }
            i++;
        }
        LocalDate start = LocalDate.now(ZoneOffset.UTC).minusDays(weeks * 7L);
        Simulation simulation = new Simulation(seed, accounts, start, weeks * 7);
        ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        long[] written = { 0 };
        try (Writer out = new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(events)),
                StandardCharsets.UTF_8))) {
            simulation.events(event -> {
                try {
                    out.write(mapper.writeValueAsString(event));
                    out.write('\n');
                    written[0]++;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        mapper.writerWithDefaultPrettyPrinter().writeValue(truth.toFile(), simulation.accounts());
        System.out.printf("Simulated %d accounts over %d weeks from %s (seed %d): %,d events in %s, truth in %s%n",
                accounts, weeks, start, seed, written[0], events, truth);
    }

    private static String require(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }
}
