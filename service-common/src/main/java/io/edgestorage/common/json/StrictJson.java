package io.edgestorage.common.json;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * The JSON every Edge Storage service reads: exactly what the body says, or a 400. Jackson's lenient
 * defaults let a client's mistake become a different request ({@code "key": 123} signed as the key "123",
 * the last of two {@code "key"} fields winning, {@code {"key":"a"} xyz} read as {@code {"key":"a"}}).
 * Applies to everything the Quarkus {@link ObjectMapper} reads: request bodies, REST-client answers, events.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    @Override
    @SuppressWarnings("deprecation") // ALLOW_COERCION_OF_SCALARS has no non-deprecated switch on a built mapper
    public void customize(ObjectMapper mapper) {
        // No "123" for a number or "true" for a boolean …
        mapper.configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false);
        // … and no number or boolean for a string (not covered by the switch above).
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }
}
