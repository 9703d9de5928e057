package io.touchline.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * One benchmark run's figures, as {@code name=value} lines in a file each step appends to, and the
 * median over several runs. Numbers only; a figure a run lacks is left out of that figure's median.
 */
public final class Results {

    private final Map<String, Double> values;

    private Results(Map<String, Double> values) {
        this.values = values;
    }

    /** Appends one figure to a run's file, creating it if needed. */
    public static void append(Path file, String name, double value) {
        String line = name + "=" + (value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value)) + "\n";
        try {
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + file, e);
        }
    }

    /** Reads a run's file; a later line of the same name replaces an earlier one. */
    public static Results read(Path file) throws IOException {
        Map<String, Double> values = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            int eq = line.indexOf('=');
            if (line.isBlank() || line.startsWith("#") || eq < 1) {
                continue;
            }
            try {
                values.put(line.substring(0, eq).trim(), Double.parseDouble(line.substring(eq + 1).trim()));
            } catch (NumberFormatException e) {
                throw new IOException(file + ": not a number in '" + line + "'", e);
            }
        }
        return new Results(values);
    }

    public static Results of(Map<String, Double> values) {
        return new Results(new LinkedHashMap<>(values));
    }

    /** These figures and one more (or one replaced). */
    public Results with(String name, double value) {
        Map<String, Double> copy = new LinkedHashMap<>(values);
        copy.put(name, value);
        return new Results(copy);
    }

    /**
     * These figures with the ratios each run is judged by, computed within the run (the same
     * broker, the same minute) before any median is taken.
     */
    public Results withRatios() {
        Results out = this;
        out = out.ratio("ingest.batch_ratio", "ingest.batch_events_per_sec", "ingest.producer_records_per_sec");
        out = out.ratio("ingest.single_ratio", "ingest.single_events_per_sec", "ingest.producer_records_per_sec");
        out = out.ratio("scoring.warm_ratio", "scoring.warm_events_per_sec", "scoring.consumer_records_per_sec");
        out = out.ratio("scoring.cold_ratio", "scoring.cold_events_per_sec", "scoring.consumer_records_per_sec");
        out = out.ratio("e2e.capacity_ratio", "e2e.capacity_events_per_sec", "ingest.producer_records_per_sec");
        return out;
    }

    private Results ratio(String name, String numerator, String denominator) {
        Double n = values.get(numerator);
        Double d = values.get(denominator);
        return n == null || d == null || d == 0 ? this : with(name, n / d);
    }

    public OptionalDouble get(String name) {
        Double value = values.get(name);
        return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
    }

    /**
     * The median of each figure over the runs that have it: the middle value, or the mean of the
     * two middle ones for an even count.
     */
    public static Results median(List<Results> runs) {
        Map<String, List<Double>> all = new LinkedHashMap<>();
        for (Results run : runs) {
            run.values.forEach((name, value) -> all.computeIfAbsent(name, n -> new ArrayList<>()).add(value));
        }
        Map<String, Double> medians = new LinkedHashMap<>();
        all.forEach((name, list) -> medians.put(name, median(list.stream().mapToDouble(Double::doubleValue).toArray())));
        return new Results(medians);
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
