package io.edgestorage.common.problem;

import java.util.Collection;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * A request body Jackson could not read, as a 400 problem whose detail names the field but never a Java
 * type: Jackson's own messages ("Cannot construct instance of `io.…`") describe our classes, not the API.
 */
public final class JsonProblems {

    private JsonProblems() {
    }

    public static Problem of(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            return badRequest("unknown-field", "Unknown field '" + unknown.getPropertyName() + "'");
        }
        if (e instanceof JsonParseException) {
            // The parser's messages speak JSON only ("Duplicate field 'key'", "Unexpected character …").
            return badRequest("malformed-json", "The request body is not valid JSON: " + e.getOriginalMessage());
        }
        if (e instanceof MismatchedInputException mismatch && isTrailingTokens(mismatch)) {
            return badRequest("malformed-json", "The request body must be one JSON value with nothing after it");
        }
        String field = e instanceof JsonMappingException mapping ? fieldPath(mapping) : "";
        if (field.isEmpty()) {
            return badRequest("malformed-json", "The request body does not have the shape this endpoint expects");
        }
        String expected = e instanceof MismatchedInputException mismatch ? expectedShape(mismatch.getTargetType()) : null;
        return badRequest("malformed-json", "Field '" + field + "' "
                + (expected == null ? "has a value this endpoint does not accept" : expected));
    }

    private static Problem badRequest(String code, String detail) {
        return Problem.of(400, code, "Bad Request", detail);
    }

    // DeserializationContext.reportTrailingTokens throws a plain MismatchedInputException; its text is the only mark.
    private static boolean isTrailingTokens(MismatchedInputException e) {
        String message = e.getOriginalMessage();
        return message != null && message.startsWith("Trailing token");
    }

    /** {@code rules[0].maxAgeSeconds}: the path of JSON names and indexes, empty for the body itself. */
    private static String fieldPath(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** What JSON the target type takes, or null when that is not one JSON type (a UUID is a string of a form). */
    private static String expectedShape(Class<?> target) {
        if (target == null) {
            return null;
        }
        if (CharSequence.class.isAssignableFrom(target) || target.isEnum()) {
            return "must be a JSON string";
        }
        if (Number.class.isAssignableFrom(target) || (target.isPrimitive() && target != boolean.class)) {
            return "must be a JSON number";
        }
        if (target == Boolean.class || target == boolean.class) {
            return "must be true or false";
        }
        if (Collection.class.isAssignableFrom(target) || target.isArray()) {
            return "must be a JSON array";
        }
        if (Map.class.isAssignableFrom(target) || target.isRecord()) {
            return "must be a JSON object";
        }
        return null;
    }
}
