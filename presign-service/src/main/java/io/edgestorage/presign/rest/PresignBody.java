package io.edgestorage.presign.rest;

/**
 * The JSON body of a presign request. Unknown fields are refused ({@code quarkus.jackson.fail-on-unknown-properties}).
 */
public record PresignBody(String key, String action, String expires, String contentType, String contentDisposition,
        String keyId) {
}
