package io.touchline.web;

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
        if (value == null) {
            return fallback;
        }
        long parsed;
        try {
            parsed = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw ProblemException.invalidField(name, "type", "must be a whole number " + rule);
        }
        if (parsed < min || parsed > max) {
            throw ProblemException.invalidField(name, "range", "must be " + rule);
        }
        return (int) parsed;
    }

    /** A whole number of any size; null when absent. */
    public static Long optionalLong(String name, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw ProblemException.invalidField(name, "type", "must be a whole number");
        }
    }

    /** A finite decimal number; null when absent. */
    public static Double optionalNumber(String name, String value) {
        if (value == null) {
            return null;
        }
        double parsed;
        try {
            parsed = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw ProblemException.invalidField(name, "type", "must be a number");
        }
        if (!Double.isFinite(parsed)) {
            throw ProblemException.invalidField(name, "type", "must be a finite number");
        }
        return parsed;
    }
}
