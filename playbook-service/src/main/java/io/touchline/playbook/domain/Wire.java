package io.touchline.playbook.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The names the domain's enums have in JSON, in the API and in the database: lower case, words
 * joined by hyphens ({@code DRY_RUN} is {@code dry-run}, {@code NEVER_RULE} is {@code never-rule}).
 */
public final class Wire {

    private Wire() {
    }

    public static String name(Enum<?> value) {
        return value == null ? null : value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The constant with this wire name; null when none has it. */
    public static <E extends Enum<E>> E parse(Class<E> type, String wireName) {
        if (wireName == null) {
            return null;
        }
        for (E value : type.getEnumConstants()) {
            if (name(value).equals(wireName)) {
                return value;
            }
        }
        return null;
    }

    /** Every wire name of the type. */
    public static <E extends Enum<E>> Set<String> names(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(Wire::name).collect(Collectors.toUnmodifiableSet());
    }
}
