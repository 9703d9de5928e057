package io.touchline.messaging;

import java.io.IOException;
import java.time.Instant;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Makes the services' JSON cheaper to write and read without changing a byte of it: doubles are
 * written and parsed by Jackson's fast (Schubfach and FastDoubleParser) code, and instants are
 * written by {@link Instants#format} instead of a {@code DateTimeFormatter}. Scoring writes
 * thousands of account states, scores and signals, full of both, in every poll.
 */
@Singleton
public class FastJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.getFactory().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER.mappedFeature());
        mapper.getFactory().enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER.mappedFeature());
        // Registered after Quarkus's JavaTimeModule: the later module's serializer wins.
        mapper.registerModule(new SimpleModule("touchline-instants").addSerializer(Instant.class, new InstantText()));
    }

    @Override
    public int priority() {
        // After Quarkus's own customizers, which register the java.time module.
        return MINIMUM_PRIORITY;
    }

    /** An instant as ISO-8601 text, as Jackson's own serializer writes it with timestamps off. */
    static final class InstantText extends StdSerializer<Instant> {

        InstantText() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            generator.writeString(Instants.format(value));
        }
    }
}
