package io.edgestorage.sigv4.checksum;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/**
 * An incremental checksum over a stream of buffers. Not thread-safe; one per body.
 * {@link #digest()} ends the computation.
 */
public interface ChecksumHasher {

    ChecksumAlgorithm algorithm();

    /** Consumes the buffer's remaining bytes (its position advances to its limit). */
    void update(ByteBuffer bytes);

    void update(byte[] bytes, int offset, int length);

    /** The raw digest (big-endian for CRCs, as S3 transmits them). */
    byte[] digest();

    /** The digest base64-encoded, the form of {@code x-amz-checksum-*} values. */
    default String digestBase64() {
        return Base64.getEncoder().encodeToString(digest());
    }

    /** A hasher for {@code algorithm}: JDK classes for CRC32, CRC32C, SHA-1 and SHA-256; {@link Crc64Nvme} for CRC64NVME. */
    static ChecksumHasher of(ChecksumAlgorithm algorithm) {
        return switch (algorithm) {
            case CRC32 -> new CrcHasher(algorithm, new CRC32());
            case CRC32C -> new CrcHasher(algorithm, new CRC32C());
            case CRC64NVME -> new CrcHasher(algorithm, new Crc64Nvme());
            case SHA1 -> new DigestHasher(algorithm, "SHA-1");
            case SHA256 -> new DigestHasher(algorithm, "SHA-256");
        };
    }

    /** CRC family: the value is written big-endian in {@code digestLength} bytes. */
    final class CrcHasher implements ChecksumHasher {
        private final ChecksumAlgorithm algorithm;
        private final Checksum checksum;

        CrcHasher(ChecksumAlgorithm algorithm, Checksum checksum) {
            this.algorithm = algorithm;
            this.checksum = checksum;
        }

        @Override
        public ChecksumAlgorithm algorithm() {
            return algorithm;
        }

        @Override
        public void update(ByteBuffer bytes) {
            checksum.update(bytes);
        }

        @Override
        public void update(byte[] bytes, int offset, int length) {
            checksum.update(bytes, offset, length);
        }

        @Override
        public byte[] digest() {
            long value = checksum.getValue();
            byte[] out = new byte[algorithm.digestLength()];
            for (int i = out.length - 1; i >= 0; i--) {
                out[i] = (byte) value;
                value >>>= 8;
            }
            return out;
        }
    }

    /** MessageDigest family. */
    final class DigestHasher implements ChecksumHasher {
        private final ChecksumAlgorithm algorithm;
        private final MessageDigest digest;

        DigestHasher(ChecksumAlgorithm algorithm, String jdkName) {
            this.algorithm = algorithm;
            try {
                this.digest = MessageDigest.getInstance(jdkName);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(jdkName + " is part of every JDK", e);
            }
        }

        @Override
        public ChecksumAlgorithm algorithm() {
            return algorithm;
        }

        @Override
        public void update(ByteBuffer bytes) {
            digest.update(bytes);
        }

        @Override
        public void update(byte[] bytes, int offset, int length) {
            digest.update(bytes, offset, length);
        }

        @Override
        public byte[] digest() {
            return digest.digest();
        }
    }
}
