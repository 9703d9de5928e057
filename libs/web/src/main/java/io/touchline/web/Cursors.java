package io.touchline.web;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Opaque page cursors: the sort key of the last item of a page, which the next page starts
 * after. Stable under inserts, unlike offsets.
 */
public final class Cursors {

    private static final String SEPARATOR = "\u001f";

    private Cursors() {
    }

    public static String encode(String... parts) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(String.join(SEPARATOR, parts).getBytes(StandardCharsets.UTF_8));
    }

    /** The parts of a cursor of {@code parts} parts; null when absent; a 400 naming the parameter when it is not one. */
    public static String[] decode(String name, String cursor, int parts) {
        if (cursor == null) {
            return null;
        }
        try {
            String[] decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(SEPARATOR, -1);
            if (decoded.length == parts) {
                return decoded;
            }
        } catch (IllegalArgumentException e) {
            // not Base64: the same answer as any other cursor we did not write
        }
        throw ProblemException.invalidField(name, "cursor", "must be a cursor from a previous page's 'next'");
    }
}
