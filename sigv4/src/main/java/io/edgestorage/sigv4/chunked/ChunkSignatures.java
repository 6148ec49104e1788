package io.edgestorage.sigv4.chunked;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.edgestorage.sigv4.SigV4;
import io.edgestorage.sigv4.SigningKey;

/**
 * The aws-chunked signature chain: each chunk signature signs the previous signature (the first one the
 * seed, i.e. the request signature) and the chunk's SHA-256; the trailer signature signs the last chunk
 * signature and the canonical trailers.
 */
public final class ChunkSignatures {

    /** Algorithm line of a chunk string to sign. */
    public static final String CHUNK_ALGORITHM = "AWS4-HMAC-SHA256-PAYLOAD";
    /** Algorithm line of a trailer string to sign. */
    public static final String TRAILER_ALGORITHM = "AWS4-HMAC-SHA256-TRAILER";

    private ChunkSignatures() {
    }

    /** {@code AWS4-HMAC-SHA256-PAYLOAD\n<date>\n<scope>\n<previous>\n<sha256("")>\n<chunkSha256Hex>}. */
    public static String chunkStringToSign(String amzDate, SigningKey key, String previousSignature, String chunkSha256Hex) {
        return CHUNK_ALGORITHM + '\n' + amzDate + '\n' + key.scope() + '\n' + previousSignature + '\n'
                + SigV4.EMPTY_BODY_SHA256 + '\n' + chunkSha256Hex;
    }

    /** The signature of one chunk given its hex SHA-256. */
    public static String chunkSignature(SigningKey key, String amzDate, String previousSignature, String chunkSha256Hex) {
        return key.signHex(chunkStringToSign(amzDate, key, previousSignature, chunkSha256Hex));
    }

    /** {@code name:value\n} per trailer, in the order given: the bytes a trailer signature covers. */
    public static String canonicalTrailers(Map<String, String> trailers) {
        StringBuilder out = new StringBuilder();
        trailers.forEach((name, value) -> out.append(name).append(':').append(value).append('\n'));
        return out.toString();
    }

    /** {@code AWS4-HMAC-SHA256-TRAILER\n<date>\n<scope>\n<previous>\n<sha256(canonicalTrailers)>}. */
    public static String trailerStringToSign(String amzDate, SigningKey key, String previousSignature, String canonicalTrailers) {
        return TRAILER_ALGORITHM + '\n' + amzDate + '\n' + key.scope() + '\n' + previousSignature + '\n'
                + SigV4.sha256Hex(canonicalTrailers.getBytes(StandardCharsets.UTF_8));
    }

    /** The trailer signature for canonical trailers {@code name:value\n…}. */
    public static String trailerSignature(SigningKey key, String amzDate, String previousSignature, String canonicalTrailers) {
        return key.signHex(trailerStringToSign(amzDate, key, previousSignature, canonicalTrailers));
    }
}
