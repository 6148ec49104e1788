package io.edgestorage.presign.rest;

import java.util.List;
import java.util.Map;

import io.edgestorage.presign.GrantFields;

/**
 * The JSON body of a presign request. Unknown fields are refused ({@code quarkus.jackson.fail-on-unknown-properties}).
 */
public record PresignBody(String key, String action, String expires, String contentType, String contentDisposition,
        String keyId, Long maxBytes, List<String> contentTypes, Boolean overwrite, Long uses,
        Map<String, String> context) {

    public GrantFields grantFields() {
        return new GrantFields(maxBytes, contentTypes, overwrite, uses, context);
    }
}
