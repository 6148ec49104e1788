package io.edgestorage.objects.s3.semantics;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import io.edgestorage.objects.Part;

/** What S3 makes of the parts of a completed multipart upload. */
public final class MultipartRules {

    private MultipartRules() {
    }

    /** S3's multipart ETag: MD5 of the concatenated binary part MD5s, then {@code -N}. */
    public static String etag(List<Part> parts) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            for (Part p : parts) {
                md5.update(HexFormat.of().parseHex(p.etag()));
            }
            return HexFormat.of().formatHex(md5.digest()) + "-" + parts.size();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
