package io.touchline.web;

import java.lang.reflect.Type;
import java.util.function.BiFunction;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

/**
 * Reads a request body refusing fields the type does not have, for configuration an operator
 * writes by hand: a misspelt field would otherwise be dropped and its default stored in its
 * place. Put {@code @CustomDeserialization(StrictJson.class)} on the resource method. Event
 * payloads stay lenient (Segment clients send what they like), and so does the shared mapper.
 */
public class StrictJson implements BiFunction<ObjectMapper, Type, ObjectReader> {

    @Override
    public ObjectReader apply(ObjectMapper mapper, Type type) {
        return mapper.readerFor(mapper.constructType(type)).with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }
}
