package io.edgestorage.sigv4.chunked;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

import io.edgestorage.sigv4.PayloadMode;
import io.edgestorage.sigv4.SigV4;
import io.edgestorage.sigv4.SigningKey;
import io.edgestorage.sigv4.Verification;

/**
 * Incremental, push-style decoder of an {@code aws-chunked} body. Feed buffers as they arrive (split
 * anywhere: inside chunk headers, CRLFs, signatures); decoded payload slices go to the sink without
 * copying, and nothing but one header or trailer line is ever buffered.
 *
 * <p>Signed modes verify every chunk signature, chained from the seed (request) signature, and the
 * trailer signature. A chunk's bytes reach the sink before its signature is checked (that is what
 * streaming means): treat the output as tentative until {@link #finish()} returns, e.g. write it to a
 * temporary blob and publish only then.
 *
 * <p>Every refusal is a {@link ChunkedDecodingException} with one {@link ChunkedFailure}; after one,
 * the decoder stays failed. Not thread-safe: one per request.
 */
public final class AwsChunkedDecoder {

    /**
     * Bounds on what a client can make the decoder hold or accept.
     *
     * @param maxLineLength  longest chunk header or trailer line, without CRLF
     * @param maxChunkSize   largest single chunk
     * @param maxTrailerBytes all trailer lines together
     */
    public record Limits(int maxLineLength, long maxChunkSize, int maxTrailerBytes) {
        /** 4 KiB lines, 16 MiB chunks (SDKs use 64 KiB … 8 MiB), 16 KiB of trailers. */
        public static final Limits DEFAULT = new Limits(4096, 16L * 1024 * 1024, 16 * 1024);
    }

    private enum State { CHUNK_HEADER, CHUNK_DATA, CHUNK_DATA_CR, CHUNK_DATA_LF, TRAILER_LINE, FINAL_LINE, DONE, FAILED }

    private static final String TRAILER_SIGNATURE = "x-amz-trailer-signature";
    private static final String CHUNK_SIGNATURE = "chunk-signature";

    private final PayloadMode mode;
    private final SigningKey key;
    private final String amzDate;
    private final long expectedDecodedLength;
    private final Set<String> declaredTrailers;
    private final Limits limits;
    private final MessageDigest chunkDigest;

    private State state = State.CHUNK_HEADER;
    private ChunkedDecodingException failure;
    private String previousSignature;
    private String currentChunkSignature;
    private long chunkRemaining;
    private long decodedLength;
    private final byte[] line;
    private int lineLength;
    private int trailerBytes;
    private String trailerSignature;
    private final Map<String, String> trailers = new LinkedHashMap<>();

    private AwsChunkedDecoder(PayloadMode mode, SigningKey key, String amzDate, String seedSignature,
            long expectedDecodedLength, Set<String> declaredTrailers, Limits limits) {
        if (!mode.isStreaming()) {
            throw new IllegalArgumentException("not an aws-chunked payload mode: " + mode);
        }
        if (mode.hasChunkSignatures()) {
            Objects.requireNonNull(key, "signed aws-chunked needs the signing key");
            Objects.requireNonNull(amzDate, "amzDate");
            Objects.requireNonNull(seedSignature, "seedSignature");
        }
        this.mode = mode;
        this.key = key;
        this.amzDate = amzDate;
        this.previousSignature = seedSignature;
        this.expectedDecodedLength = expectedDecodedLength;
        this.declaredTrailers = declaredTrailers == null ? null : Set.copyOf(declaredTrailers);
        this.limits = Objects.requireNonNull(limits, "limits");
        this.line = new byte[limits.maxLineLength() + 2];
        this.chunkDigest = mode.hasChunkSignatures() ? newSha256() : null;
    }

    /**
     * A decoder for any aws-chunked mode.
     *
     * @param key                   signing key of the request (signed modes; may be null for the unsigned-trailer mode)
     * @param amzDate               the request's {@code X-Amz-Date} ({@code yyyyMMdd'T'HHmmss'Z'})
     * @param seedSignature         the request signature
     * @param expectedDecodedLength {@code x-amz-decoded-content-length}, or -1 if the request has none
     * @param declaredTrailers      lower-case names from {@code x-amz-trailer}, or null to accept any trailers
     */
    public static AwsChunkedDecoder create(PayloadMode mode, SigningKey key, String amzDate, String seedSignature,
            long expectedDecodedLength, Set<String> declaredTrailers, Limits limits) {
        return new AwsChunkedDecoder(mode, key, amzDate, seedSignature, expectedDecodedLength, declaredTrailers, limits);
    }

    /**
     * A decoder for a verified request, with default limits.
     *
     * @param decodedContentLength the {@code x-amz-decoded-content-length} header value, or -1
     * @param xAmzTrailer          the {@code x-amz-trailer} header value (comma-separated names), or null
     */
    public static AwsChunkedDecoder forRequest(Verification.Verified verified, SigningKey key,
            long decodedContentLength, String xAmzTrailer) {
        Set<String> declared = null;
        if (xAmzTrailer != null) {
            declared = new LinkedHashSet<>();
            for (String name : xAmzTrailer.split(",")) {
                if (!name.isBlank()) {
                    declared.add(name.trim().toLowerCase(Locale.ROOT));
                }
            }
        }
        return create(verified.payloadMode(), key, SigV4.formatAmzDate(verified.requestTime()),
                verified.seedSignature(), decodedContentLength, declared, Limits.DEFAULT);
    }

    /**
     * Consumes all remaining bytes of {@code in}, handing decoded payload slices to {@code sink}.
     *
     * @throws ChunkedDecodingException when the body is refused
     */
    public void feed(ByteBuffer in, Consumer<ByteBuffer> sink) {
        if (state == State.FAILED) {
            throw failure;
        }
        try {
            while (in.hasRemaining()) {
                switch (state) {
                    case CHUNK_HEADER -> {
                        if (readLine(in, ChunkedFailure.CHUNK_HEADER_TOO_LONG)) {
                            onChunkHeader();
                        }
                    }
                    case CHUNK_DATA -> onChunkData(in, sink);
                    case CHUNK_DATA_CR -> expect(in, (byte) '\r', State.CHUNK_DATA_LF);
                    case CHUNK_DATA_LF -> expect(in, (byte) '\n', State.CHUNK_HEADER);
                    case TRAILER_LINE -> {
                        if (readLine(in, ChunkedFailure.MALFORMED_TRAILER)) {
                            onTrailerLine();
                        }
                    }
                    case FINAL_LINE -> {
                        if (readLine(in, ChunkedFailure.DATA_AFTER_END)) {
                            if (lineLength != 0) {
                                throw fail(ChunkedFailure.DATA_AFTER_END, "expected the final CRLF");
                            }
                            state = State.DONE;
                        }
                    }
                    case DONE -> throw fail(ChunkedFailure.DATA_AFTER_END, in.remaining() + " bytes after the body");
                    default -> throw new IllegalStateException(state.name());
                }
            }
        } catch (ChunkedDecodingException e) {
            state = State.FAILED;
            failure = e;
            throw e;
        }
    }

    /**
     * Declares the end of the body; checks that it was complete and of the declared decoded length.
     *
     * @throws ChunkedDecodingException when the body is refused
     */
    public void finish() {
        if (state == State.FAILED) {
            throw failure;
        }
        ChunkedDecodingException problem = null;
        if (state != State.DONE) {
            problem = fail(ChunkedFailure.TRUNCATED_BODY, "body ended in state " + state);
        } else if (expectedDecodedLength >= 0 && decodedLength != expectedDecodedLength) {
            problem = fail(ChunkedFailure.DECODED_LENGTH_MISMATCH,
                    "decoded " + decodedLength + " bytes, declared " + expectedDecodedLength);
        }
        if (problem != null) {
            state = State.FAILED;
            failure = problem;
            throw problem;
        }
    }

    /** The trailing headers (lower-case names, without the trailer signature); complete after {@link #finish()}. */
    public Map<String, String> trailers() {
        return Collections.unmodifiableMap(trailers);
    }

    /** Payload bytes emitted so far. */
    public long decodedLength() {
        return decodedLength;
    }

    /** True once the final chunk (and trailer) has been read. */
    public boolean isDone() {
        return state == State.DONE;
    }

    /** Accumulates one CRLF-terminated line into {@link #line}; true when complete (CRLF stripped). */
    private boolean readLine(ByteBuffer in, ChunkedFailure tooLong) {
        while (in.hasRemaining()) {
            byte b = in.get();
            if (b == '\n') {
                if (lineLength == 0 || line[lineLength - 1] != '\r') {
                    throw fail(state == State.CHUNK_HEADER ? ChunkedFailure.MALFORMED_CHUNK_HEADER
                            : ChunkedFailure.MALFORMED_TRAILER, "line not terminated by CRLF");
                }
                lineLength--;
                return true;
            }
            if (lineLength == line.length - 1) {
                throw fail(tooLong, "line longer than " + limits.maxLineLength() + " bytes");
            }
            line[lineLength++] = b;
        }
        return false;
    }

    private void onChunkHeader() {
        String header = new String(line, 0, lineLength, StandardCharsets.ISO_8859_1);
        lineLength = 0;
        int semi = header.indexOf(';');
        String sizeText = semi < 0 ? header : header.substring(0, semi);
        long size = parseChunkSize(sizeText);
        String signature = null;
        if (semi >= 0) {
            for (String extension : header.substring(semi + 1).split(";", -1)) {
                int eq = extension.indexOf('=');
                String name = eq < 0 ? extension : extension.substring(0, eq);
                if (CHUNK_SIGNATURE.equals(name)) {
                    if (signature != null || eq < 0) {
                        throw fail(ChunkedFailure.MALFORMED_CHUNK_HEADER, "bad chunk-signature extension");
                    }
                    signature = extension.substring(eq + 1);
                }
            }
        }
        if (mode.hasChunkSignatures()) {
            if (signature == null) {
                throw fail(ChunkedFailure.MISSING_CHUNK_SIGNATURE, "chunk of " + size + " bytes");
            }
            if (signature.length() != SigV4.SIGNATURE_HEX_LENGTH) {
                throw fail(ChunkedFailure.MALFORMED_CHUNK_HEADER, "chunk-signature must be 64 hex digits");
            }
            currentChunkSignature = signature.toLowerCase(Locale.ROOT);
            chunkDigest.reset();
        }
        if (expectedDecodedLength >= 0 && decodedLength + size > expectedDecodedLength) {
            throw fail(ChunkedFailure.DECODED_LENGTH_MISMATCH, "chunks exceed x-amz-decoded-content-length " + expectedDecodedLength);
        }
        chunkRemaining = size;
        if (size == 0) {
            if (mode.hasChunkSignatures()) {
                checkChunkSignature(SigV4.EMPTY_BODY_SHA256);
            }
            state = mode.hasTrailer() ? State.TRAILER_LINE : State.FINAL_LINE;
        } else {
            state = State.CHUNK_DATA;
        }
    }

    private long parseChunkSize(String text) {
        if (text.isEmpty() || text.length() > 15) {
            throw fail(text.isEmpty() ? ChunkedFailure.MALFORMED_CHUNK_HEADER : ChunkedFailure.CHUNK_TOO_LARGE,
                    "chunk size '" + text + "'");
        }
        long size = 0;
        for (int i = 0; i < text.length(); i++) {
            int digit = Character.digit(text.charAt(i), 16);
            if (digit < 0) {
                throw fail(ChunkedFailure.MALFORMED_CHUNK_HEADER, "chunk size is not hex: '" + text + "'");
            }
            size = size * 16 + digit;
        }
        if (size > limits.maxChunkSize()) {
            throw fail(ChunkedFailure.CHUNK_TOO_LARGE, size + " > " + limits.maxChunkSize());
        }
        return size;
    }

    private void onChunkData(ByteBuffer in, Consumer<ByteBuffer> sink) {
        int n = (int) Math.min(chunkRemaining, in.remaining());
        ByteBuffer slice = in.slice(in.position(), n);
        in.position(in.position() + n);
        if (chunkDigest != null) {
            chunkDigest.update(slice.duplicate());
        }
        chunkRemaining -= n;
        decodedLength += n;
        sink.accept(slice);
        if (chunkRemaining == 0) {
            if (chunkDigest != null) {
                checkChunkSignature(SigV4.hex(chunkDigest.digest()));
            }
            state = State.CHUNK_DATA_CR;
        }
    }

    private void checkChunkSignature(String chunkSha256Hex) {
        String expected = ChunkSignatures.chunkSignature(key, amzDate, previousSignature, chunkSha256Hex);
        if (!SigV4.signaturesEqual(expected, currentChunkSignature)) {
            throw fail(ChunkedFailure.BAD_CHUNK_SIGNATURE, "chunk ending at decoded byte " + decodedLength);
        }
        previousSignature = expected;
    }

    private void expect(ByteBuffer in, byte wanted, State next) {
        if (in.get() != wanted) {
            throw fail(ChunkedFailure.MALFORMED_CHUNK_TERMINATOR, "expected CRLF after chunk data");
        }
        state = next;
    }

    private void onTrailerLine() {
        trailerBytes += lineLength + 2;
        if (trailerBytes > limits.maxTrailerBytes()) {
            throw fail(ChunkedFailure.MALFORMED_TRAILER, "trailers exceed " + limits.maxTrailerBytes() + " bytes");
        }
        if (lineLength == 0) {
            lineLength = 0;
            onTrailersComplete();
            return;
        }
        String text = new String(line, 0, lineLength, StandardCharsets.UTF_8);
        lineLength = 0;
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw fail(ChunkedFailure.MALFORMED_TRAILER, "trailer line without name:value");
        }
        String name = text.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = text.substring(colon + 1).trim();
        if (TRAILER_SIGNATURE.equals(name)) {
            if (trailerSignature != null) {
                throw fail(ChunkedFailure.MALFORMED_TRAILER, "x-amz-trailer-signature given twice");
            }
            trailerSignature = value.toLowerCase(Locale.ROOT);
            return;
        }
        if (trailers.containsKey(name)) {
            throw fail(ChunkedFailure.MALFORMED_TRAILER, "trailer " + name + " given twice");
        }
        if (declaredTrailers != null && !declaredTrailers.contains(name)) {
            throw fail(ChunkedFailure.UNDECLARED_TRAILER, name);
        }
        trailers.put(name, value);
    }

    private void onTrailersComplete() {
        if (mode == PayloadMode.STREAMING_SIGNED_TRAILER) {
            if (trailerSignature == null) {
                throw fail(ChunkedFailure.MISSING_TRAILER_SIGNATURE, "no x-amz-trailer-signature");
            }
            String expected = ChunkSignatures.trailerSignature(key, amzDate, previousSignature,
                    ChunkSignatures.canonicalTrailers(trailers));
            if (!SigV4.signaturesEqual(expected, trailerSignature)) {
                throw fail(ChunkedFailure.BAD_TRAILER_SIGNATURE, "trailer signature differs");
            }
        } else if (trailerSignature != null) {
            throw fail(ChunkedFailure.MALFORMED_TRAILER, "x-amz-trailer-signature in an unsigned-trailer body");
        }
        if (declaredTrailers != null) {
            for (String name : declaredTrailers) {
                if (!trailers.containsKey(name)) {
                    throw fail(ChunkedFailure.MISSING_TRAILER, name);
                }
            }
        }
        state = State.DONE;
    }

    private static ChunkedDecodingException fail(ChunkedFailure failure, String detail) {
        return new ChunkedDecodingException(failure, detail);
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
