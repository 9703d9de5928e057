package io.touchline.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.touchline.messaging.contract.HealthSignal;

class EnvelopeCodecTest {

    private final EnvelopeCodec codec = new EnvelopeCodec(new ObjectMapper());

    private Envelope sample() {
        return new Envelope("id-1", "health.signal", "t1", "acme", Instant.parse("2026-11-24T10:00:00Z"),
                Instant.parse("2026-11-24T10:00:01.5Z"),
                codec.toTree(new HealthSignal("id-1", "ACCOUNT_FIRST_SEEN", 50.0, "yellow", "u1", "first")));
    }

    @Test
    void writesTheDocumentedShape() {
        assertThat(codec.encode(sample())).isEqualTo("{\"id\":\"id-1\",\"type\":\"health.signal\",\"tenantId\":\"t1\","
                + "\"accountId\":\"acme\",\"eventTime\":\"2026-11-24T10:00:00Z\",\"publishTime\":\"2026-11-24T10:00:01.500Z\","
                + "\"payload\":{\"signalId\":\"id-1\",\"signalType\":\"ACCOUNT_FIRST_SEEN\",\"score\":50.0,"
                + "\"band\":\"yellow\",\"userId\":\"u1\",\"reason\":\"first\",\"snapshot\":null,\"account\":null,\"explanation\":null,"
                + "\"historical\":false}}");
    }

    @Test
    void readsBackWhatItWrites() {
        Envelope envelope = sample();
        Envelope decoded = codec.decode(codec.encode(envelope));

        assertThat(decoded).isEqualTo(envelope);
        assertThat(decoded.key()).isEqualTo("t1:acme");
        assertThat(codec.payload(decoded, HealthSignal.class).userId()).isEqualTo("u1");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            {not json                                                                  | message is not JSON
            [1]                                                                        | message is not a JSON object
            {"id":"x"}                                                                 | envelope field 'payload' must be an object
            {"type":"t","tenantId":"t","accountId":"a","eventTime":"2026-11-24T10:00:00Z","publishTime":"2026-11-24T10:00:00Z","payload":{}} | envelope field 'id' must be a non-empty string
            {"id":"x","type":"t","tenantId":"t","accountId":"a","eventTime":"today","publishTime":"2026-11-24T10:00:00Z","payload":{}} | envelope field 'eventTime' must be an ISO-8601 instant
            """)
    void rejectsWhatIsNotAnEnvelopeAsPoison(String json, String reason) {
        assertThatThrownBy(() -> codec.decode(json))
                .isInstanceOf(PoisonMessageException.class)
                .hasMessageStartingWith(reason);
        assertThatThrownBy(() -> codec.decode(json, parser -> parser.readValueAsTree()))
                .isInstanceOf(PoisonMessageException.class)
                .hasMessageStartingWith(reason);
        assertThatThrownBy(() -> codec.decode(json.getBytes(StandardCharsets.UTF_8), parser -> parser.readValueAsTree()))
                .isInstanceOf(PoisonMessageException.class)
                .hasMessageStartingWith(reason);
    }

    @Test
    void bytesThatAreNotUtf8ArePoison() {
        // "yellow" with its first letter as a lone ISO-8859-1 byte (E9): not UTF-8.
        String json = codec.encode(sample());
        byte[] latin1 = json.getBytes(StandardCharsets.UTF_8);
        latin1[json.indexOf("yellow")] = (byte) 0xE9;

        assertThatThrownBy(() -> codec.decode(latin1, parser -> parser.readValueAsTree()))
                .isInstanceOf(PoisonMessageException.class)
                .hasMessageStartingWith("message is not JSON: Invalid UTF-8");
    }

    @Test
    void bytesJacksonTakesForUtf32ButAreNotArePoison() {
        // "{" in UTF-32 big-endian, then a code point beyond Unicode.
        byte[] utf32 = { 0, 0, 0, '{', 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF };

        assertThatThrownBy(() -> codec.decode(utf32, parser -> parser.readValueAsTree()))
                .isInstanceOf(PoisonMessageException.class)
                .hasMessageStartingWith("message is not JSON: Invalid UTF-32");
    }

    @Test
    void streamsThePayloadToTheConsumersReader() {
        String json = codec.encode(sample()).replace("{\"id\":\"id-1\",", "{\"extra\":{\"a\":[1,2]},\"id\":\"id-1\",");

        EnvelopeCodec.PayloadReader<String> band = parser -> {
            String value = null;
            while (parser.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                if (name.equals("band")) {
                    value = parser.getText();
                }
                parser.skipChildren();
            }
            return value;
        };
        EnvelopeCodec.Typed<String> decoded = codec.decode(json, band);

        assertThat(codec.decode(json.getBytes(StandardCharsets.UTF_8), band)).isEqualTo(decoded);
        assertThat(decoded).isEqualTo(new EnvelopeCodec.Typed<>("id-1", "health.signal", "t1", "acme",
                Instant.parse("2026-11-24T10:00:00Z"), Instant.parse("2026-11-24T10:00:01.5Z"), "yellow"));
        assertThat(decoded.key()).isEqualTo("t1:acme");
    }

    @Test
    void fieldsAConsumerDoesNotKnowAreIgnored() {
        Envelope envelope = new Envelope("id", "health.signal", "t", "a", Instant.EPOCH, Instant.EPOCH,
                codec.toTree(java.util.Map.of("signalId", "s1", "signalType", "INACTIVE", "score", 40.0,
                        "band", "red", "addedLater", "x")));

        assertThat(codec.payload(envelope, HealthSignal.class))
                .isEqualTo(new HealthSignal("s1", "INACTIVE", 40.0, "red", null, null));
    }

    @Test
    void aPayloadMissingARequiredFieldIsPoison() {
        Envelope envelope = new Envelope("id", "health.signal", "t", "a", Instant.EPOCH, Instant.EPOCH,
                codec.toTree(java.util.Map.of("signalId", "s1", "score", 40.0)));

        assertThatThrownBy(() -> codec.payload(envelope, HealthSignal.class))
                .isInstanceOf(PoisonMessageException.class)
                .hasMessageContaining("signalType is required");
    }

    @Test
    void aPayloadThatDoesNotFitTheContractIsPoison() {
        Envelope envelope = new Envelope("id", "health.signal", "t", "a", Instant.EPOCH, Instant.EPOCH,
                codec.toTree(java.util.Map.of("score", "not a number")));

        assertThatThrownBy(() -> codec.payload(envelope, HealthSignal.class))
                .isInstanceOf(PoisonMessageException.class)
                .hasMessageStartingWith("payload of health.signal does not fit HealthSignal");
    }
}
