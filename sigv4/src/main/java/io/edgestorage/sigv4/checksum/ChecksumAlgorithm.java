package io.edgestorage.sigv4.checksum;

import java.util.Locale;
import java.util.Optional;

/** The S3 additional-checksum algorithms, with their {@code x-amz-checksum-*} header names. */
public enum ChecksumAlgorithm {
    CRC32("x-amz-checksum-crc32", 4),
    CRC32C("x-amz-checksum-crc32c", 4),
    SHA1("x-amz-checksum-sha1", 20),
    SHA256("x-amz-checksum-sha256", 32),
    CRC64NVME("x-amz-checksum-crc64nvme", 8);

    private final String headerName;
    private final int digestLength;

    ChecksumAlgorithm(String headerName, int digestLength) {
        this.headerName = headerName;
        this.digestLength = digestLength;
    }

    /** The lower-case header (and trailer) name, e.g. {@code x-amz-checksum-crc32}. */
    public String headerName() {
        return headerName;
    }

    /** The digest length in bytes (before base64). */
    public int digestLength() {
        return digestLength;
    }

    /** A fresh incremental hasher. */
    public ChecksumHasher newHasher() {
        return ChecksumHasher.of(this);
    }

    /** By header name, case-insensitive. */
    public static Optional<ChecksumAlgorithm> fromHeaderName(String headerName) {
        String lower = headerName.toLowerCase(Locale.ROOT);
        for (ChecksumAlgorithm a : values()) {
            if (a.headerName.equals(lower)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** By algorithm name as in {@code x-amz-sdk-checksum-algorithm} (e.g. {@code CRC32C}), case-insensitive. */
    public static Optional<ChecksumAlgorithm> fromName(String name) {
        for (ChecksumAlgorithm a : values()) {
            if (a.name().equalsIgnoreCase(name)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
