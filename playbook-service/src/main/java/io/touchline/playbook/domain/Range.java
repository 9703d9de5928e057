package io.touchline.playbook.domain;

/**
 * An inclusive range of numbers; either end may be open (null).
 */
public record Range(Double min, Double max) {

    /** Whether the value lies within; a missing value lies within no range. */
    public boolean contains(Double value) {
        return value != null && (min == null || value >= min) && (max == null || value <= max);
    }
}
