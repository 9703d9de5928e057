package io.touchline.messaging;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Ids derived from what they identify, so that processing the same input twice yields the same
 * id and the second write is recognised as a duplicate.
 */
public final class DeterministicIds {

    private DeterministicIds() {
    }

    /** A name-based UUID over the parts joined with a separator none of them may contain. */
    public static String of(String... parts) {
        return UUID.nameUUIDFromBytes(String.join("\u001f", parts).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
