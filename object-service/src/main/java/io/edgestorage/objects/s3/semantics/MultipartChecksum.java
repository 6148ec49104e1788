package io.edgestorage.objects.s3.semantics;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.edgestorage.objects.Part;
import io.edgestorage.objects.S3Error;
import io.edgestorage.sigv4.checksum.ChecksumAlgorithm;
import io.edgestorage.sigv4.checksum.ChecksumHasher;

/**
 * The checksum of a multipart object, as S3 computes it from the parts' checksums. FULL_OBJECT (CRC32,
 * CRC32C, CRC64NVME) is the checksum of the whole object, combined from the part CRCs and lengths without
 * reading a byte; COMPOSITE (CRC32, CRC32C, SHA1, SHA256) is the checksum of the concatenated raw part
 * checksums followed by {@code -N}.
 */
public final class MultipartChecksum {

    /** The key under which an object's checksum map keeps the checksum type (its other keys are algorithms). */
    public static final String TYPE_KEY = "type";

    /** S3's checksum types. */
    public enum Type { FULL_OBJECT, COMPOSITE }

    /** The algorithm and type an upload was created with. */
    public record Spec(ChecksumAlgorithm algorithm, Type type) {
    }

    private MultipartChecksum() {
    }

    /**
     * The checksum of an upload created with {@code x-amz-checksum-algorithm} and {@code x-amz-checksum-type}
     * (either may be null), or null for none. Without a type, CRC64NVME is FULL_OBJECT and every other algorithm
     * COMPOSITE, as in S3.
     *
     * @throws io.edgestorage.objects.S3Exception InvalidRequest for an unknown algorithm or type, a type
     *         without an algorithm, or a combination S3 does not offer
     */
    public static Spec forCreate(String algorithmHeader, String typeHeader) {
        if (algorithmHeader == null) {
            if (typeHeader != null) {
                throw S3Error.INVALID_REQUEST.exception("The x-amz-checksum-type header can only be used with the "
                        + "x-amz-checksum-algorithm header.");
            }
            return null;
        }
        ChecksumAlgorithm algorithm = ChecksumAlgorithm.fromName(algorithmHeader.trim()).orElseThrow(
                () -> S3Error.INVALID_REQUEST.exception("Checksum algorithm " + algorithmHeader + " is not supported."));
        Type type = typeHeader == null ? defaultType(algorithm) : parseType(typeHeader);
        if (!supports(algorithm, type)) {
            throw S3Error.INVALID_REQUEST.exception("The " + type + " checksum type cannot be used with the "
                    + algorithm.name().toLowerCase(Locale.ROOT) + " checksum algorithm.");
        }
        return new Spec(algorithm, type);
    }

    /** The stored form of an upload's checksum ({@code CRC32/FULL_OBJECT}), or null. */
    public static String encode(Spec spec) {
        return spec == null ? null : spec.algorithm().name() + "/" + spec.type().name();
    }

    /** The inverse of {@link #encode}; a bare algorithm name has that algorithm's default type. */
    public static Spec decode(String stored) {
        if (stored == null) {
            return null;
        }
        int slash = stored.indexOf('/');
        ChecksumAlgorithm a = ChecksumAlgorithm.fromName(slash < 0 ? stored : stored.substring(0, slash))
                .orElseThrow(() -> new IllegalStateException("unknown stored checksum algorithm " + stored));
        return new Spec(a, slash < 0 ? defaultType(a) : Type.valueOf(stored.substring(slash + 1)));
    }

    static Type defaultType(ChecksumAlgorithm a) {
        return a == ChecksumAlgorithm.CRC64NVME ? Type.FULL_OBJECT : Type.COMPOSITE;
    }

    /** An {@code x-amz-checksum-type} value. */
    public static Type parseType(String header) {
        try {
            return Type.valueOf(header.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw S3Error.INVALID_REQUEST.exception("Value for x-amz-checksum-type header is invalid.");
        }
    }

    static boolean supports(ChecksumAlgorithm a, Type type) {
        return switch (a) {
            case CRC32, CRC32C -> true;
            case CRC64NVME -> type == Type.FULL_OBJECT;
            case SHA1, SHA256 -> type == Type.COMPOSITE;
        };
    }

    /**
     * The object's checksum from its parts, each of which carries a checksum of the algorithm.
     *
     * @throws IllegalStateException when a part has none (every part of such an upload is given one)
     */
    public static String of(Spec spec, List<Part> parts) {
        ChecksumAlgorithm a = spec.algorithm();
        if (spec.type() == Type.COMPOSITE) {
            ChecksumHasher h = a.newHasher();
            for (Part p : parts) {
                byte[] raw = raw(a, p);
                h.update(raw, 0, raw.length);
            }
            return h.digestBase64() + "-" + parts.size();
        }
        CrcCombine crc = switch (a) {
            case CRC32 -> CrcCombine.CRC32;
            case CRC32C -> CrcCombine.CRC32C;
            case CRC64NVME -> CrcCombine.CRC64NVME;
            default -> throw new IllegalStateException(a + " has no full-object checksum");
        };
        long combined = 0;
        boolean first = true;
        for (Part p : parts) {
            long value = toLong(raw(a, p));
            combined = first ? value : crc.combine(combined, value, p.size());
            first = false;
        }
        byte[] out = new byte[a.digestLength()];
        for (int i = out.length - 1; i >= 0; i--) {
            out[i] = (byte) combined;
            combined >>>= 8;
        }
        return Base64.getEncoder().encodeToString(out);
    }

    /**
     * Whether a checksum the client states for the whole object ({@code x-amz-checksum-*} on
     * CompleteMultipartUpload) is the computed one; a COMPOSITE value may be given with or without its
     * {@code -N}.
     */
    public static boolean matches(Spec spec, String computed, String stated) {
        String s = stated.trim();
        if (s.equals(computed)) {
            return true;
        }
        return spec.type() == Type.COMPOSITE && computed.startsWith(s) && computed.charAt(s.length()) == '-';
    }

    /** The checksums to store with the object: the value under its algorithm's name, and the type. */
    public static Map<String, String> stored(Spec spec, String value) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(spec.algorithm().name(), value);
        out.put(TYPE_KEY, spec.type().name());
        return out;
    }

    /**
     * The response headers of an object's stored checksums: {@code x-amz-checksum-<algorithm>} for each and
     * {@code x-amz-checksum-type}, which is FULL_OBJECT for an object stored whole.
     */
    public static Map<String, String> headers(Map<String, String> checksums) {
        if (checksums.isEmpty()) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        checksums.forEach((a, v) -> {
            if (!a.equals(TYPE_KEY)) {
                out.put("x-amz-checksum-" + a.toLowerCase(Locale.ROOT), v);
            }
        });
        out.put("x-amz-checksum-type", type(checksums));
        return out;
    }

    /** The type of an object's stored checksum: FULL_OBJECT for an object stored whole. */
    public static String type(Map<String, String> checksums) {
        return checksums.getOrDefault(TYPE_KEY, Type.FULL_OBJECT.name());
    }

    /** The algorithm of an object's stored checksum (the first, if several), or null. */
    public static String algorithm(Map<String, String> checksums) {
        return checksums.keySet().stream().filter(k -> !k.equals(TYPE_KEY)).findFirst().orElse(null);
    }

    private static byte[] raw(ChecksumAlgorithm a, Part p) {
        String v = p.checksums().get(a.name());
        if (v == null) {
            throw new IllegalStateException("part " + p.partNumber() + " has no " + a + " checksum");
        }
        return Base64.getDecoder().decode(v);
    }

    private static long toLong(byte[] bigEndian) {
        long v = 0;
        for (byte b : bigEndian) {
            v = (v << 8) | (b & 0xFF);
        }
        return v;
    }
}
