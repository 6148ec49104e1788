package io.edgestorage.objects;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.edgestorage.objects.support.FakeKeyService;
import io.edgestorage.objects.support.S3Clients;
import io.edgestorage.sigv4.CredentialScope;
import io.edgestorage.sigv4.SigV4;
import io.edgestorage.sigv4.SigningKey;
import io.edgestorage.sigv4.SimpleHttpRequest;
import io.edgestorage.sigv4.chunked.ChunkSignatures;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import software.amazon.awssdk.services.s3.S3Client;

/** aws-chunked bodies built by hand: signed chunks with a signed trailer, and every way to spoil them. */
@QuarkusTest
@QuarkusTestResource(FakeKeyService.class)
class AwsChunkedTest {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final String MODE = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";

    /** A signed aws-chunked PUT of {@code chunks}, with a CRC32 trailer of {@code trailerValue}. */
    static HttpResponse<String> put(String bucket, String key, List<String> chunks, String trailerValue,
            java.util.function.UnaryOperator<String> spoil) throws Exception {
        return put(MODE, true, bucket, key, chunks, trailerValue, spoil);
    }

    /** As above with the given payload mode, and without x-amz-decoded-content-length unless {@code declareLength}. */
    static HttpResponse<String> put(String mode, boolean declareLength, String bucket, String key, List<String> chunks,
            String trailerValue, java.util.function.UnaryOperator<String> spoil) throws Exception {
        URI uri = URI.create(S3Clients.endpoint() + "/" + bucket + "/" + key);
        Instant now = Instant.now();
        String amzDate = SigV4.formatAmzDate(now);
        CredentialScope scope = CredentialScope.of(now, "us-east-1", "s3");
        SigningKey signingKey = SigningKey.derive(FakeKeyService.SECRET_A, scope);
        long decoded = chunks.stream().mapToLong(c -> c.getBytes(StandardCharsets.UTF_8).length).sum();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-encoding", "aws-chunked");
        headers.put("host", uri.getHost() + ":" + uri.getPort());
        headers.put("x-amz-content-sha256", mode);
        headers.put("x-amz-date", amzDate);
        if (declareLength) {
            headers.put("x-amz-decoded-content-length", String.valueOf(decoded));
        }
        headers.put("x-amz-trailer", "x-amz-checksum-crc32");
        SimpleHttpRequest.Builder rb = SimpleHttpRequest.builder().method("PUT").rawPath(uri.getRawPath());
        headers.forEach(rb::header);
        List<String> signed = new ArrayList<>(headers.keySet());
        String canonical = SigV4.canonicalRequest("PUT", SigV4.canonicalUri(uri.getRawPath()), "",
                SigV4.canonicalHeaders(rb.build(), signed), SigV4.signedHeadersLine(signed), mode);
        String seed = signingKey.signHex(SigV4.stringToSign(amzDate, scope, canonical));

        StringBuilder body = new StringBuilder();
        String previous = seed;
        List<String> all = new ArrayList<>(chunks);
        all.add("");
        for (String chunk : all) {
            String sig = ChunkSignatures.chunkSignature(signingKey, amzDate, previous, SigV4.sha256Hex(chunk));
            body.append(Integer.toHexString(chunk.getBytes(StandardCharsets.UTF_8).length)).append(";chunk-signature=")
                    .append(sig).append("\r\n");
            if (!chunk.isEmpty()) {
                body.append(chunk).append("\r\n");
            }
            previous = sig;
        }
        String trailers = "x-amz-checksum-crc32:" + trailerValue + "\n";
        body.append("x-amz-checksum-crc32:").append(trailerValue).append("\r\n")
                .append("x-amz-trailer-signature:")
                .append(ChunkSignatures.trailerSignature(signingKey, amzDate, previous, trailers)).append("\r\n\r\n");

        return sendSignedPut(uri, headers, scope, signed, seed, spoil.apply(body.toString()));
    }

    /** PUTs an aws-chunked body with the signed headers (the client sets Host) and the seed signature. */
    static HttpResponse<String> sendSignedPut(URI uri, Map<String, String> headers, CredentialScope scope,
            List<String> signed, String seed, String body) throws Exception {
        HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20))
                .PUT(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach((n, v) -> {
            if (!n.equals("host")) {
                req.header(n, v);
            }
        });
        req.header("Authorization", "AWS4-HMAC-SHA256 Credential=" + FakeKeyService.KEY_A + "/" + scope
                + ",SignedHeaders=" + SigV4.signedHeadersLine(signed) + ",Signature=" + seed);
        return HTTP.send(req.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String crc32(String s) {
        CRC32 crc = new CRC32();
        crc.update(s.getBytes(StandardCharsets.UTF_8));
        long v = crc.getValue();
        return Base64.getEncoder().encodeToString(new byte[] {(byte) (v >> 24), (byte) (v >> 16), (byte) (v >> 8), (byte) v});
    }

    static String bucket() {
        String name = S3Clients.bucketName("chunked");
        try (S3Client s3 = S3Clients.accountA()) {
            s3.createBucket(b -> b.bucket(name));
        }
        return name;
    }

    @Test
    void signedChunksWithASignedTrailer_areDecodedAndStored() throws Exception {
        String bucket = bucket();
        HttpResponse<String> r = put(bucket, "k", List.of("hello ", "world"), crc32("hello world"), s -> s);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-amz-checksum-crc32")).hasValue(crc32("hello world"));
        try (S3Client s3 = S3Clients.accountA()) {
            assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("k")).asUtf8String()).isEqualTo("hello world");
            assertThat(s3.headObject(b -> b.bucket(bucket).key("k")).contentEncoding()).isNull();
        }
    }

    @Test
    void aChunkChangedInTransit_isSignatureDoesNotMatch() throws Exception {
        HttpResponse<String> r = put(bucket(), "k", List.of("hello ", "world"), crc32("hello world"),
                s -> s.replace("world", "w0rld"));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("<Code>SignatureDoesNotMatch</Code>");
    }

    @Test
    void aTrailerChecksumThatDoesNotMatch_isBadDigest() throws Exception {
        HttpResponse<String> r = put(bucket(), "k", List.of("hello ", "world"), crc32("something else"), s -> s);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("<Code>BadDigest</Code>");
    }

    @Test
    void aBodyCutBeforeTheFinalChunk_isIncompleteBody() throws Exception {
        HttpResponse<String> r = put(bucket(), "k", List.of("hello ", "world"), crc32("hello world"),
                s -> s.substring(0, s.indexOf("world") + 7));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("<Code>IncompleteBody</Code>");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"STREAMING-AWS4-HMAC-SHA256-PAYLOAD", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER",
        "STREAMING-UNSIGNED-PAYLOAD-TRAILER", "UNSIGNED-PAYLOAD"})
    void anAwsChunkedBody_withoutItsDecodedLength_isMissingContentLength_andStoresNothing(String mode) throws Exception {
        String bucket = bucket();
        HttpResponse<String> r = put(mode, false, bucket, "k", List.of("hello ", "world"), crc32("hello world"), s -> s);

        S3ProtocolTest.assertS3Error(r, 411, "MissingContentLength");
        try (S3Client s3 = S3Clients.accountA()) {
            assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).keyCount()).isZero();
        }
    }
}
