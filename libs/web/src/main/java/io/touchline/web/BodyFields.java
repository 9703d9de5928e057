package io.touchline.web;

import java.util.Set;
import java.util.TreeSet;

/** Checks on fields of a request body, each failing with a 400 problem that names the field and the rule. */
public final class BodyFields {

    private BodyFields() {
    }

    /**
     * The request's body, which must be there: a 400 naming {@code body} otherwise.
     *
     * @param fields what it must hold, for the message: "score, reason, author and expiresAt"
     */
    public static <T> T body(T body, String fields) {
        if (body == null) {
            throw ProblemException.invalid("The request needs a JSON body",
                    new Problem.FieldError("body", "required", "must be a JSON object with " + fields));
        }
        return body;
    }

    /** A non-blank text of at most {@code maxLength} characters. */
    public static String requiredText(String field, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            throw ProblemException.invalidField(field, "required", "must not be blank");
        }
        return optionalText(field, value, maxLength);
    }

    /** Absent, or a text of at most {@code maxLength} characters. */
    public static String optionalText(String field, String value, int maxLength) {
        if (value != null && value.length() > maxLength) {
            throw ProblemException.invalidField(field, "length", "must be at most " + maxLength + " characters");
        }
        return value;
    }

    /** One of the given values. */
    public static String oneOf(String field, String value, Set<String> allowed) {
        if (value == null || !allowed.contains(value)) {
            throw ProblemException.invalidField(field, "one-of", "must be one of " + new TreeSet<>(allowed));
        }
        return value;
    }
}
