package io.touchline.web;

/**
 * Versions as entity tags, and the {@code If-Match} checks that stop lost updates: a client
 * changes what it last read, or learns that someone changed it first (RFC 9110, 13.1.1).
 */
public final class ETags {

    private ETags() {
    }

    /** The strong entity tag of a version: {@code "3"}. */
    public static String of(long version) {
        return "\"" + version + "\"";
    }

    /**
     * The change must name the current version: a missing {@code If-Match} is a 428, one naming no
     * current version a 412.
     */
    public static void require(String ifMatch, long current) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw ProblemException.preconditionRequired(
                    "Send If-Match with the ETag you last read, so a change made meanwhile is not overwritten");
        }
        check(ifMatch, current);
    }

    /** When the request has an {@code If-Match}, it must name the current version (412 otherwise). */
    public static void check(String ifMatch, long current) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return;
        }
        String expected = of(current);
        for (String tag : ifMatch.split(",")) {
            String t = tag.trim();
            if (t.equals("*") || t.equals(expected)) {
                return;
            }
        }
        throw ProblemException.preconditionFailed(
                "It changed since you read it: its ETag is now " + expected + "; read it again and retry");
    }
}
