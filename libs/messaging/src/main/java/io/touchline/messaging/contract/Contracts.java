package io.touchline.messaging.contract;

/** Checks payload records make on construction, so a payload missing a required field is refused as poison. */
final class Contracts {

    private Contracts() {
    }

    static void require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
