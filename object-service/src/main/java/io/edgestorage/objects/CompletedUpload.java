package io.edgestorage.objects;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * A completed multipart upload: the object version it made (its blob), the answer its completion gave and
 * the layout of its parts.
 *
 * @param checksums the object's checksums as stored with it (see {@code MultipartChecksum})
 * @param parts     in object order
 */
public record CompletedUpload(String uploadId, String bucket, String key, String blobId, String etag,
        Map<String, String> checksums, List<PartLayout> parts, OffsetDateTime completedAt) {

    /**
     * One part of the object.
     *
     * @param partNumber the number the upload gave it (the object's parts are numbered 1..N in order)
     * @param checksum   its checksum of the upload's algorithm, or null
     */
    public record PartLayout(int partNumber, String etag, long size, String checksum) {
    }

    /** The byte offset in the object of the part at {@code index} (0-based). */
    public long offsetOf(int index) {
        long offset = 0;
        for (int i = 0; i < index; i++) {
            offset += parts.get(i).size();
        }
        return offset;
    }
}
