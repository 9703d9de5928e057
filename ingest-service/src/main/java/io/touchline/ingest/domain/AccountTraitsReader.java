package io.touchline.ingest.domain;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.touchline.messaging.contract.AccountTraits;

/**
 * Reads the known account traits of a {@code group} call into {@link AccountTraits}, adding a
 * {@link Violation} for each known trait of the wrong shape. Unknown traits are not looked at:
 * they travel on untouched in {@code traits}.
 */
final class AccountTraitsReader {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final Pattern CURRENCY = Pattern.compile("^[A-Z]{3}$");

    private final JsonNode traits;
    private final List<Violation> violations;

    private AccountTraitsReader(JsonNode traits, List<Violation> violations) {
        this.traits = traits;
        this.violations = violations;
    }

    static AccountTraits read(JsonNode traits, List<Violation> violations) {
        return new AccountTraitsReader(traits, violations).read();
    }

    private AccountTraits read() {
        BigDecimal mrr = decimal("mrr");
        int before = violations.size();
        String currency = text("currency");
        if (currency != null && !CURRENCY.matcher(currency).matches()) {
            violate("currency", "iso-4217", "must be a three-letter ISO 4217 code such as JPY or EUR");
            currency = null;
        }
        boolean currencyBroken = violations.size() > before;
        if (mrr != null && currency == null && !currencyBroken) {
            violate("currency", "required-with-mrr", "mrr needs its currency");
        }
        String csmOwner = text("csmOwner");
        if (csmOwner != null && !EMAIL.matcher(csmOwner).matches()) {
            violate("csmOwner", "email", "must be the CSM's email address");
            csmOwner = null;
        }
        String expansion = text("expansionPotential");
        if (expansion != null && !AccountTraits.EXPANSION_LEVELS.contains(expansion)) {
            violate("expansionPotential", "one-of", "must be one of low, medium, high");
            expansion = null;
        }
        return new AccountTraits(text("name"), text("plan"), mrr, currency, count("seats"), date("contractStart"),
                date("renewalDate"), csmOwner, text("primaryContact"), count("employees"), importance(), expansion,
                text("status"), date("churnedAt"));
    }

    private String text(String field) {
        JsonNode value = traits.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            violate(field, "string", "must be a string");
            return null;
        }
        return value.asText().isBlank() ? null : value.asText().trim();
    }

    private BigDecimal decimal(String field) {
        JsonNode value = traits.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber() || !Double.isFinite(value.asDouble()) || value.decimalValue().signum() < 0) {
            violate(field, "non-negative-number", "must be a number of at least 0");
            return null;
        }
        return value.decimalValue();
    }

    private Integer count(String field) {
        JsonNode value = traits.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber() || value.intValue() < 0) {
            violate(field, "non-negative-integer", "must be a whole number of at least 0");
            return null;
        }
        return value.intValue();
    }

    /** An ISO date ({@code 2027-03-31}); an ISO instant is taken as its UTC date. */
    private LocalDate date(String field) {
        String value = text(field);
        if (value == null) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException notADate) {
            try {
                return LocalDate.ofInstant(Instant.parse(value), ZoneOffset.UTC);
            } catch (DateTimeException notAnInstant) {
                violate(field, "iso-8601", "must be an ISO-8601 date such as 2027-03-31");
                return null;
            }
        }
    }

    /** Flags as an array ({@code ["strategic"]}) or an object of booleans ({@code {"strategic":true}}). */
    private Set<String> importance() {
        JsonNode value = traits.get("importance");
        if (value == null || value.isNull()) {
            return null;
        }
        Set<String> flags = new LinkedHashSet<>();
        if (value.isArray()) {
            value.forEach(flag -> flags.add(flag.asText()));
        } else if (value.isObject()) {
            value.fields().forEachRemaining(entry -> {
                if (entry.getValue().asBoolean(false)) {
                    flags.add(entry.getKey());
                }
            });
        } else {
            violate("importance", "flags", "must be an array of flags or an object of booleans");
            return null;
        }
        if (!AccountTraits.IMPORTANCE_FLAGS.containsAll(flags)) {
            violate("importance", "one-of", "flags must be among strategic, reference, feedback, influencer");
            return null;
        }
        // Sorted, so the same flags always serialize the same way.
        return Collections.unmodifiableSortedSet(new TreeSet<>(flags));
    }

    private void violate(String field, String rule, String message) {
        violations.add(new Violation("traits." + field, rule, message));
    }
}
