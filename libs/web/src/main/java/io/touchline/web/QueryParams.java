package io.touchline.web;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Numeric query parameters, read from their text: JAX-RS answers a value it cannot convert to
 * an {@code int} with a 404 that names neither the parameter nor the rule.
 */
public final class QueryParams {

    private QueryParams() {
    }

    /** A whole number from {@code min} to {@code max}; {@code fallback} when absent. */
    public static int wholeNumber(String name, String value, int fallback, int min, int max) {
        String rule = max == Integer.MAX_VALUE ? min + " or more" : "between " + min + " and " + max;
        Long parsed = parse(name, value, Long::parseLong, "must be a whole number " + rule);
        if (parsed == null) {
            return fallback;
        }
        if (parsed < min || parsed > max) {
            throw ProblemException.invalidField(name, "range", "must be " + rule);
        }
        return parsed.intValue();
    }

    /** A whole number of any size; null when absent. */
    public static Long optionalLong(String name, String value) {
        return parse(name, value, Long::parseLong, "must be a whole number");
    }

    /** A finite decimal number; null when absent. */
    public static Double optionalNumber(String name, String value) {
        Double parsed = parse(name, value, Double::parseDouble, "must be a number");
        if (parsed != null && !Double.isFinite(parsed)) {
            throw ProblemException.invalidField(name, "type", "must be a finite number");
        }
        return parsed;
    }

    /** An ISO-8601 instant; null when absent. */
    public static Instant optionalInstant(String name, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidField(name, "iso-8601", "must be an ISO-8601 instant such as 2026-12-01T00:00:00Z");
        }
    }

    /** Each of the comma-separated or repeated values must be one of {@code allowed}; null when none is given. */
    public static List<String> oneOfEach(String name, List<String> values, Set<String> allowed) {
        List<String> result = new ArrayList<>();
        for (String value : values) {
            for (String part : value.split(",")) {
                String trimmed = part.trim();
                if (!allowed.contains(trimmed)) {
                    throw ProblemException.invalidField(name, "one-of", "must be one of " + new TreeSet<>(allowed));
                }
                result.add(trimmed);
            }
        }
        return result.isEmpty() ? null : result;
    }

    private static <T> T parse(String name, String value, Function<String, T> parser, String message) {
        if (value == null) {
            return null;
        }
        try {
            return parser.apply(value.trim());
        } catch (NumberFormatException e) {
            throw ProblemException.invalidField(name, "type", message);
        }
    }
}
