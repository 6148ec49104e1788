package io.edgestorage.objects.s3.semantics;

import io.edgestorage.objects.S3Error;
import io.edgestorage.sigv4.UriEncoding;

/** {@code x-amz-copy-source}: {@code [/]bucket/key[?versionId=null]}, URL-encoded. */
public record CopySource(String bucket, String key) {

    public static CopySource parse(String header) {
        String value = header.trim();
        int q = value.indexOf('?');
        if (q >= 0) {
            String query = value.substring(q + 1);
            value = value.substring(0, q);
            if (query.startsWith("versionId=")) {
                VersionIds.requireNullVersion(query.substring("versionId=".length()));
            }
        }
        String decoded = UriEncoding.decode(value, false);
        if (decoded.startsWith("/")) {
            decoded = decoded.substring(1);
        }
        int slash = decoded.indexOf('/');
        if (slash <= 0 || slash == decoded.length() - 1) {
            throw S3Error.INVALID_ARGUMENT.exception("Copy Source must mention the source bucket and key: sourcebucket/sourcekey");
        }
        return new CopySource(decoded.substring(0, slash), decoded.substring(slash + 1));
    }

    /** {@code x-amz-copy-source-range}: S3 takes only {@code bytes=first-last}, every byte inside the source. */
    public static ByteRange range(String header, long sourceSize) {
        // parsed against an endless object, so that the range is not clamped to the source
        ByteRange range = header.trim().matches("bytes=\\d+-\\d+") ? ByteRange.parse(header, Long.MAX_VALUE) : null;
        if (range == null || range.unsatisfiable()) {
            throw S3Error.INVALID_ARGUMENT.exception("The x-amz-copy-source-range value must be of the form "
                    + "bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy");
        }
        if (range.last() >= sourceSize) {
            throw S3Error.INVALID_ARGUMENT.exception("Range specified is not valid for source object of size: " + sourceSize);
        }
        return range;
    }
}
