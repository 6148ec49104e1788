package io.edgestorage.sigv4;

/**
 * How the request body is covered by the signature: the value of {@code x-amz-content-sha256} (header
 * auth) or {@code UNSIGNED-PAYLOAD} (presigned URLs).
 */
public enum PayloadMode {
    /** {@code UNSIGNED-PAYLOAD}: the body is not signed (every presigned URL). */
    UNSIGNED_PAYLOAD("UNSIGNED-PAYLOAD"),
    /** A hex SHA-256 of the whole body; the verified result carries the hash to check while streaming. */
    SIGNED_HEX(null),
    /** {@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD}: aws-chunked, every chunk signed. */
    STREAMING_SIGNED("STREAMING-AWS4-HMAC-SHA256-PAYLOAD"),
    /** {@code STREAMING-UNSIGNED-PAYLOAD-TRAILER}: aws-chunked, unsigned chunks, unsigned trailers. */
    STREAMING_UNSIGNED_TRAILER("STREAMING-UNSIGNED-PAYLOAD-TRAILER"),
    /** {@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER}: aws-chunked, signed chunks and a signed trailer. */
    STREAMING_SIGNED_TRAILER("STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER");

    private final String literal;

    PayloadMode(String literal) {
        this.literal = literal;
    }

    /** The literal payload line, or {@code null} for {@link #SIGNED_HEX} (the line is the hash itself). */
    public String literal() {
        return literal;
    }

    /** True for the three aws-chunked modes. */
    public boolean isStreaming() {
        return this == STREAMING_SIGNED || this == STREAMING_UNSIGNED_TRAILER || this == STREAMING_SIGNED_TRAILER;
    }

    /** True if chunks carry signatures chained from the seed signature. */
    public boolean hasChunkSignatures() {
        return this == STREAMING_SIGNED || this == STREAMING_SIGNED_TRAILER;
    }

    /** True if the aws-chunked body ends with trailing headers. */
    public boolean hasTrailer() {
        return this == STREAMING_UNSIGNED_TRAILER || this == STREAMING_SIGNED_TRAILER;
    }

    /**
     * The mode for a payload line, or {@code null} if the line is neither a known literal nor 64 hex digits.
     */
    public static PayloadMode fromPayloadLine(String line) {
        if (line == null) {
            return null;
        }
        for (PayloadMode mode : values()) {
            if (mode.literal != null && mode.literal.equals(line)) {
                return mode;
            }
        }
        return Hex.isHex(line, 64) ? SIGNED_HEX : null;
    }
}
