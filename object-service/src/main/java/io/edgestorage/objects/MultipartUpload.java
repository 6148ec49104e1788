package io.edgestorage.objects;

import java.time.OffsetDateTime;
import java.util.Map;

/** An initiated, not yet completed multipart upload. */
public record MultipartUpload(String uploadId, String bucket, String key, ContentHeaders headers,
        Map<String, String> userMetadata, String checksumAlgorithm, OffsetDateTime initiatedAt) {
}
