package io.touchline.scoring.domain;

/** Health bands: red 0-49, yellow 50-74, green 75-100 (the primer's defaults). */
public enum Band {
    RED,
    YELLOW,
    GREEN;

    public static Band of(double score) {
        if (score < 50) {
            return RED;
        }
        return score < 75 ? YELLOW : GREEN;
    }

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
