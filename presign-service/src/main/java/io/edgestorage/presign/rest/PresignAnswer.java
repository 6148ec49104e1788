package io.edgestorage.presign.rest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;

/**
 * {@code {url, method, expires, keyId, headers, grantId}}; {@code expires} is the ISO-8601 UTC instant the URL
 * stops working, {@code headers} what the client must send with it and {@code grantId} what revokes it alone.
 */
public record PresignAnswer(String url, String method, String expires, String keyId, Map<String, String> headers,
        String grantId) {

    /**
     * The answer as JSON bytes, through Jackson's streaming generator: databind found the record's accessors
     * by reflection on every answer, about 7 % of presign-service's CPU per presign (docs/benchmarks.md). Every field
     * is always written, null included.
     */
    public byte[] toJson(JsonFactory factory) {
        ByteArrayBuilder out = new ByteArrayBuilder(512);
        try (JsonGenerator json = factory.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("url", url);
            json.writeStringField("method", method);
            json.writeStringField("expires", expires);
            json.writeStringField("keyId", keyId);
            if (headers == null) {
                json.writeNullField("headers");
            } else {
                json.writeObjectFieldStart("headers");
                for (Map.Entry<String, String> header : headers.entrySet()) {
                    json.writeStringField(header.getKey(), header.getValue());
                }
                json.writeEndObject();
            }
            json.writeStringField("grantId", grantId);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }
}
