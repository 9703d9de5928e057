package io.touchline.scoring.domain.model;

import java.util.Locale;

/** Health bands, red the worst. */
public enum Band {
    RED,
    YELLOW,
    GREEN;

    // Computed once: scoring asks for it on every event.
    private final String wireName = name().toLowerCase(Locale.ROOT);

    public String wireName() {
        return wireName;
    }
}
