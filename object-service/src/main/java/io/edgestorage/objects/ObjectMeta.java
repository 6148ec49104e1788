package io.edgestorage.objects;

import java.time.OffsetDateTime;
import java.util.Map;

/**
 * One stored object's metadata row.
 *
 * @param etag       the ETag without quotes (MD5 hex, or {@code md5-N} for multipart)
 * @param checksums  algorithm name (e.g. {@code CRC32}) to base64 value
 * @param partsCount parts of a multipart object, else null
 */
public record ObjectMeta(String bucket, String key, long size, String etag, ContentHeaders headers,
        Map<String, String> userMetadata, Map<String, String> checksums, Integer partsCount, String blobId,
        OffsetDateTime lastModified) {
}
