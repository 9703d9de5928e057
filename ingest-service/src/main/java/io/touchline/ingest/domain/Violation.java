package io.touchline.ingest.domain;

/**
 * A rule an incoming event broke.
 *
 * @param field the JSON path of the field, e.g. {@code context.groupId}
 * @param rule the rule's name, e.g. {@code required}
 * @param message the rule in words
 */
public record Violation(String field, String rule, String message) {
}
