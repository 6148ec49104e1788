package io.edgestorage.sigv4.chunked;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.edgestorage.sigv4.CredentialScope;
import io.edgestorage.sigv4.PayloadMode;
import io.edgestorage.sigv4.SigV4;
import io.edgestorage.sigv4.SigningKey;
import io.edgestorage.sigv4.VectorFiles;
import io.edgestorage.sigv4.checksum.ChecksumAlgorithm;
import io.edgestorage.sigv4.checksum.ChecksumHasher;

class AwsChunkedDecoderTest {

    private static final SigningKey KEY = SigningKey.derive("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            new CredentialScope("20130524", "us-east-1", "s3"));
    private static final String DATE = "20130524T000000Z";
    private static final String SEED = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";
    private static final byte[] DOC_BODY = VectorFiles.bytes("s3-doc-examples/chunked-upload/chunked-upload.body");
    private static final byte[] PAYLOAD = payload();
    private static final String CRC32 = crc32(PAYLOAD);

    private static byte[] payload() {
        byte[] p = new byte[10_000];
        new Random(3).nextBytes(p);
        return p;
    }

    private static String crc32(byte[] data) {
        ChecksumHasher h = ChecksumAlgorithm.CRC32.newHasher();
        h.update(data, 0, data.length);
        return h.digestBase64();
    }

    /** A STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER body: 4096-byte chunks, the final chunk, a CRC32 trailer. */
    static byte[] signedTrailerBody(byte[] payload, String trailerValue, boolean includeTrailerSignature) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String previous = SEED;
        for (int at = 0; ; at += 4096) {
            int n = Math.max(0, Math.min(4096, payload.length - at));
            byte[] chunk = n == 0 ? new byte[0] : java.util.Arrays.copyOfRange(payload, at, at + n);
            previous = ChunkSignatures.chunkSignature(KEY, DATE, previous, SigV4.sha256Hex(chunk));
            out.writeBytes((Integer.toHexString(n) + ";chunk-signature=" + previous + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(chunk);
            if (n == 0) {
                break;
            }
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        Map<String, String> trailers = new LinkedHashMap<>();
        trailers.put("x-amz-checksum-crc32", CRC32);
        String trailerSignature = ChunkSignatures.trailerSignature(KEY, DATE, previous, ChunkSignatures.canonicalTrailers(trailers));
        out.writeBytes(("x-amz-checksum-crc32:" + trailerValue + "\r\n").getBytes(StandardCharsets.US_ASCII));
        if (includeTrailerSignature) {
            out.writeBytes(("x-amz-trailer-signature:" + trailerSignature + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static AwsChunkedDecoder docDecoder(long decodedLength) {
        return AwsChunkedDecoder.create(PayloadMode.STREAMING_SIGNED, KEY, DATE, SEED, decodedLength, null,
                AwsChunkedDecoder.Limits.DEFAULT);
    }

    private static AwsChunkedDecoder trailerDecoder(Set<String> declared) {
        return AwsChunkedDecoder.create(PayloadMode.STREAMING_SIGNED_TRAILER, KEY, DATE, SEED, PAYLOAD.length, declared,
                AwsChunkedDecoder.Limits.DEFAULT);
    }

    /** Feeds {@code body} in random-sized pieces (1 … maxPiece bytes) and returns the decoded bytes. */
    private static byte[] decode(AwsChunkedDecoder decoder, byte[] body, Random random, int maxPiece) {
        ByteArrayOutputStream decoded = new ByteArrayOutputStream();
        int at = 0;
        while (at < body.length) {
            int n = Math.min(body.length - at, 1 + random.nextInt(maxPiece));
            decoder.feed(ByteBuffer.wrap(body, at, n), slice -> {
                byte[] copy = new byte[slice.remaining()];
                slice.get(copy);
                decoded.writeBytes(copy);
            });
            at += n;
        }
        decoder.finish();
        return decoded.toByteArray();
    }

    @Test
    void docExample_fedOneByteAtATime_decodesAndVerifies() {
        byte[] decoded = decode(docDecoder(66_560), DOC_BODY, new Random(1), 1);

        assertThat(decoded).hasSize(66_560).containsOnly((byte) 'a');
    }

    @Test
    void docExample_splitAtRandomPlacesManyTimes_alwaysDecodesTheSame() {
        Random random = new Random(2);
        for (int round = 0; round < 30; round++) {
            assertThat(decode(docDecoder(66_560), DOC_BODY, random, 1 + random.nextInt(300))).hasSize(66_560);
        }
    }

    @Test
    void signedTrailerBody_decodesPayload_andExposesVerifiedChecksumTrailer() {
        AwsChunkedDecoder decoder = trailerDecoder(Set.of("x-amz-checksum-crc32"));

        byte[] decoded = decode(decoder, signedTrailerBody(PAYLOAD, CRC32, true), new Random(4), 97);

        assertThat(decoded).isEqualTo(PAYLOAD);
        assertThat(decoder.trailers()).containsExactly(Map.entry("x-amz-checksum-crc32", CRC32));
        assertThat(crc32(decoded)).isEqualTo(decoder.trailers().get("x-amz-checksum-crc32"));
    }

    @Test
    void unsignedTrailerBody_decodesAndExposesTrailer() {
        String body = "5\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:" + crc32("hello world".getBytes()) + "\r\n\r\n";
        AwsChunkedDecoder decoder = AwsChunkedDecoder.create(PayloadMode.STREAMING_UNSIGNED_TRAILER, null, null, null,
                11, Set.of("x-amz-checksum-crc32"), AwsChunkedDecoder.Limits.DEFAULT);

        byte[] decoded = decode(decoder, body.getBytes(StandardCharsets.US_ASCII), new Random(5), 3);

        assertThat(new String(decoded, StandardCharsets.US_ASCII)).isEqualTo("hello world");
        assertThat(decoder.trailers()).containsEntry("x-amz-checksum-crc32", crc32("hello world".getBytes()));
    }

    static Stream<Arguments> brokenBodies() {
        String doc = new String(DOC_BODY, StandardCharsets.ISO_8859_1);
        String trailer = new String(signedTrailerBody(PAYLOAD, CRC32, true), StandardCharsets.ISO_8859_1);
        return Stream.of(
                broken("chunk data byte changed", doc, s -> s.substring(0, 200) + "b" + s.substring(201), ChunkedFailure.BAD_CHUNK_SIGNATURE),
                broken("chunk signature changed", doc, s -> s.replaceFirst("chunk-signature=ad", "chunk-signature=ae"), ChunkedFailure.BAD_CHUNK_SIGNATURE),
                broken("final chunk signature changed", doc, s -> s.replace("0;chunk-signature=b6", "0;chunk-signature=b7"), ChunkedFailure.BAD_CHUNK_SIGNATURE),
                broken("chunks reordered", doc, s -> s.replace("400;chunk-signature=0055", "400;chunk-signature=ad80"), ChunkedFailure.BAD_CHUNK_SIGNATURE),
                broken("chunk-signature missing", doc, s -> s.replaceFirst(";chunk-signature=[0-9a-f]{64}", ""), ChunkedFailure.MISSING_CHUNK_SIGNATURE),
                broken("chunk-signature short", doc, s -> s.replaceFirst("(chunk-signature=[0-9a-f]{60})[0-9a-f]{4}", "$1"), ChunkedFailure.MALFORMED_CHUNK_HEADER),
                broken("size not hex", doc, s -> "1000g" + s.substring(5), ChunkedFailure.MALFORMED_CHUNK_HEADER),
                broken("header line without CR", doc, s -> s.replaceFirst("\r\n", "\n"), ChunkedFailure.MALFORMED_CHUNK_HEADER),
                broken("header line endless", doc, s -> "1" + "0".repeat(5000), ChunkedFailure.CHUNK_HEADER_TOO_LONG),
                broken("chunk over the size limit", doc, s -> "1000001;chunk-signature=" + "0".repeat(64) + "\r\n", ChunkedFailure.CHUNK_TOO_LARGE),
                broken("chunk data without CRLF", doc, s -> s.replaceFirst("a\r\n400;", "aXX400;"), ChunkedFailure.MALFORMED_CHUNK_TERMINATOR),
                broken("body truncated", doc, s -> s.substring(0, s.length() - 10), ChunkedFailure.TRUNCATED_BODY),
                broken("bytes after the end", doc, s -> s + "junk", ChunkedFailure.DATA_AFTER_END),
                broken("trailer value changed", trailer, s -> s.replace(CRC32, "AAAAAA=="), ChunkedFailure.BAD_TRAILER_SIGNATURE),
                broken("trailer signature missing", trailer, s -> s.replaceFirst("x-amz-trailer-signature:[0-9a-f]{64}\r\n", ""), ChunkedFailure.MISSING_TRAILER_SIGNATURE),
                broken("trailer line without colon", trailer, s -> s.replace("x-amz-checksum-crc32:", "x-amz-checksum-crc32 "), ChunkedFailure.MALFORMED_TRAILER),
                broken("undeclared trailer", trailer, s -> s.replace("x-amz-checksum-crc32:", "x-amz-checksum-sha1:"), ChunkedFailure.UNDECLARED_TRAILER));
    }

    private static Arguments broken(String name, String body, UnaryOperator<String> change, ChunkedFailure expected) {
        return Arguments.of(name, change.apply(body).getBytes(StandardCharsets.ISO_8859_1), body.equals(new String(DOC_BODY, StandardCharsets.ISO_8859_1)), expected);
    }

    @ParameterizedTest(name = "{0} -> {3}")
    @MethodSource("brokenBodies")
    void brokenBody_isRefusedWithItsOneDistinctFailure(String name, byte[] body, boolean docExample, ChunkedFailure expected) {
        AwsChunkedDecoder decoder = docExample
                ? AwsChunkedDecoder.create(PayloadMode.STREAMING_SIGNED, KEY, DATE, SEED, -1, null, AwsChunkedDecoder.Limits.DEFAULT)
                : trailerDecoder(Set.of("x-amz-checksum-crc32"));

        assertThatThrownBy(() -> decode(decoder, body, new Random(6), 500))
                .isInstanceOfSatisfying(ChunkedDecodingException.class, e -> assertThat(e.failure()).isEqualTo(expected));
        // Once failed, the decoder stays failed with the same cause.
        assertThatThrownBy(decoder::finish)
                .isInstanceOfSatisfying(ChunkedDecodingException.class, e -> assertThat(e.failure()).isEqualTo(expected));
    }

    @Test
    void decodedLengthDifferentFromDeclared_isLengthMismatch() {
        assertThatThrownBy(() -> decode(docDecoder(66_561), DOC_BODY, new Random(8), 1000))
                .isInstanceOfSatisfying(ChunkedDecodingException.class,
                        e -> assertThat(e.failure()).isEqualTo(ChunkedFailure.DECODED_LENGTH_MISMATCH));
        assertThatThrownBy(() -> decode(docDecoder(1000), DOC_BODY, new Random(8), 1000))
                .isInstanceOfSatisfying(ChunkedDecodingException.class,
                        e -> assertThat(e.failure()).isEqualTo(ChunkedFailure.DECODED_LENGTH_MISMATCH));
    }

    @Test
    void declaredTrailerAbsent_isMissingTrailer() {
        AwsChunkedDecoder decoder = trailerDecoder(Set.of("x-amz-checksum-crc32", "x-amz-checksum-sha256"));

        assertThatThrownBy(() -> decode(decoder, signedTrailerBody(PAYLOAD, CRC32, true), new Random(9), 4000))
                .isInstanceOfSatisfying(ChunkedDecodingException.class,
                        e -> assertThat(e.failure()).isEqualTo(ChunkedFailure.MISSING_TRAILER));
    }
}
