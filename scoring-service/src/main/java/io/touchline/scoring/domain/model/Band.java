package io.touchline.scoring.domain.model;

import java.util.Locale;

/** Health bands, red the worst. */
public enum Band {
    RED,
    YELLOW,
    GREEN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
