package io.edgestorage.presign.client;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One grant as object-service records it ({@code POST /internal/v1/grants}, docs/internal-api.md). Limits
 * left unlimited are omitted (null), as object-service stores them; instants are ISO-8601 UTC.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IssuedGrant(String grantId, String account, String bucket, String key, String method, String keyId,
        String createdAt, String expires, Long maxBytes, List<String> contentTypes, boolean overwrite, Long uses,
        Map<String, String> context) {
}
