package io.edgestorage.objects;

import java.time.OffsetDateTime;
import java.util.Map;

/** One uploaded part of a multipart upload. */
public record Part(String uploadId, int partNumber, long size, String etag, Map<String, String> checksums,
        String blobId, OffsetDateTime lastModified) {
}
