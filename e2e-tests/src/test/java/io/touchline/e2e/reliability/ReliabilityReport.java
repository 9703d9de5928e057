package io.touchline.e2e.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The table of docs/reliability.md: one row per scenario with its last result. A run rewrites the
 * rows of the scenarios it ran and keeps the others, so running one class updates its rows only.
 */
final class ReliabilityReport {

    static final String FROM = "<!-- the reliability suite writes from here -->";
    static final String UP_TO = "<!-- the reliability suite writes up to here -->";
    static final String HEADER = """
            | scenario | result | events sent | lost | duplicated | effects | lost | duplicated | at-most-once window | recovered in | what it showed | run |
            |---|---|---|---|---|---|---|---|---|---|---|---|""";

    /** One scenario's last result, as the table shows it. */
    record Row(String scenario, String result, String eventsSent, String lost, String duplicated, String effects,
            String effectsLost, String effectsDuplicated, String window, String recovered, String showed) {

        static Row of(String scenario, Oracle.Verdict verdict, String recovered, String showed) {
            return new Row(scenario, verdict.exact() ? "pass" : "**fail**", Long.toString(verdict.eventsSent()),
                    Long.toString(verdict.eventsLost()), Long.toString(verdict.eventsDuplicated()),
                    Long.toString(verdict.effectsExpected()), Long.toString(verdict.effectsLost()),
                    Long.toString(verdict.effectsDuplicated()), Long.toString(verdict.atMostOnceWindow()), recovered, showed);
        }

        /** The same row marked failed: a check of the scenario's own did not hold. */
        Row failed() {
            return new Row(scenario, "**fail**", eventsSent, lost, duplicated, effects, effectsLost, effectsDuplicated,
                    window, recovered, showed);
        }

        /** A scenario without a ledger (bad input, security): its checks and whether all held. */
        static Row ofChecks(String scenario, boolean passed, String showed) {
            return new Row(scenario, passed ? "pass" : "**fail**", "-", "-", "-", "-", "-", "-", "-", "-", showed);
        }

        String markdown(LocalDate day) {
            return "| " + String.join(" | ", scenario, result, eventsSent, lost, duplicated, effects, effectsLost,
                    effectsDuplicated, window, recovered, showed.replace("|", "\\|").replace("\n", " "), day.toString()) + " |";
        }
    }

    private ReliabilityReport() {
    }

    static synchronized void record(Row row) {
        Path document = Path.of(System.getProperty("touchline.root", "..")).toAbsolutePath().normalize()
                .resolve("docs/reliability.md");
        try {
            Files.writeString(document, splice(Files.readString(document), row, LocalDate.now(ZoneOffset.UTC)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The document with {@code row} in place of the scenario's old row, or added after the others. */
    static String splice(String document, Row row, LocalDate day) {
        int from = document.indexOf(FROM);
        int upTo = document.indexOf(UP_TO);
        if (from < 0 || upTo < from) {
            throw new IllegalStateException("docs/reliability.md lacks the markers " + FROM + " and " + UP_TO);
        }
        Map<String, String> rows = new LinkedHashMap<>();
        for (String line : document.substring(from + FROM.length(), upTo).split("\n")) {
            if (line.startsWith("| ") && !line.startsWith("| scenario |")) {
                rows.put(line.substring(2, line.indexOf(" |", 2)), line);
            }
        }
        rows.put(row.scenario(), row.markdown(day));
        List<String> table = new ArrayList<>();
        table.add(HEADER);
        table.addAll(rows.values());
        return document.substring(0, from + FROM.length()) + "\n" + String.join("\n", table) + "\n"
                + document.substring(upTo);
    }
}
