package io.touchline.web;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem details body, with the offending fields named.
 *
 * @param type a URI naming the kind of problem
 * @param title a short summary of the kind of problem
 * @param status the HTTP status code
 * @param detail what went wrong with this request
 * @param errors each field that broke a rule (empty when the problem is not about fields)
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /**
     * One broken rule.
     *
     * @param field the JSON path of the field, e.g. {@code groupId} or {@code context.groupId}
     * @param rule the rule's name, e.g. {@code required} or {@code max-length}
     * @param message the rule in words
     */
    public record FieldError(String field, String rule, String message) {
    }
}
