package io.edgestorage.objects;

import static io.edgestorage.objects.S3ProtocolTest.assertS3Error;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.edgestorage.objects.support.FakeKeyService;
import io.edgestorage.objects.support.S3Clients;
import io.edgestorage.objects.support.Signing;
import io.edgestorage.sigv4.CredentialScope;
import io.edgestorage.sigv4.SigV4;
import io.edgestorage.sigv4.SigningKey;
import io.edgestorage.sigv4.SimpleHttpRequest;
import io.edgestorage.sigv4.chunked.ChunkSignatures;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * An object body and a small XML body (PutBucketCors) are received by one pipeline: the same spoiled body
 * sent to a PutObject and to a PutBucketCors is refused with the same S3 error, and neither stores anything.
 */
@QuarkusTest
@QuarkusTestResource(FakeKeyService.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BodyRefusalAgreementTest {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final String CORS = "<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin>"
            + "<AllowedMethod>GET</AllowedMethod></CORSRule></CORSConfiguration>";
    /** More than any object (5 GiB) and any XML document may be. */
    static final long TOO_LARGE = 6L * 1024 * 1024 * 1024;

    String bucket;

    /** Where a body goes: an object ({@code key}), or the bucket's {@code subresource} ("" for none). */
    record Target(String bucket, String key, String subresource) {
        String rawQuery() {
            return subresource;
        }

        URI uri() {
            return URI.create(S3Clients.endpoint() + "/" + bucket + (key.isEmpty() ? "" : "/" + key)
                    + (subresource.isEmpty() ? "" : "?" + subresource));
        }

        /** A presigned URL of this target with {@code extra} signed into its query. */
        String presigned(Map<String, String> extra) {
            Map<String, String> query = new LinkedHashMap<>(extra);
            if (!subresource.isEmpty()) {
                query.put(subresource, "");
            }
            return Signing.presignA("PUT", bucket, key, query);
        }
    }

    @FunctionalInterface
    interface Spoiled {
        HttpResponse<String> send(Target target) throws Exception;
    }

    @BeforeAll
    void createBucket() {
        bucket = S3Clients.bucketName("agree");
        try (S3Client s3 = S3Clients.accountA()) {
            s3.createBucket(b -> b.bucket(bucket));
        }
    }

    Target object() {
        return new Target(bucket, "spoiled", "");
    }

    Target xml() {
        return new Target(bucket, "", "cors");
    }

    static Stream<Arguments> spoiledBodies() {
        return Stream.of(
                Arguments.of("a chunk header that is not hex", 400, "InvalidRequest",
                        (Spoiled) t -> chunked(t, CORS.length(), s -> s.replaceFirst("^[0-9a-f]+;", "zz;"))),
                Arguments.of("a chunk changed in transit", 403, "SignatureDoesNotMatch",
                        (Spoiled) t -> chunked(t, CORS.length(), s -> s.replace("AllowedOrigin>*", "AllowedOrigin>?"))),
                Arguments.of("a Content-MD5 of other bytes", 400, "BadDigest",
                        (Spoiled) t -> headerSigned(t, "UNSIGNED-PAYLOAD", Map.of("Content-MD5", md5("other")))),
                Arguments.of("an x-amz-content-sha256 of other bytes", 400, "XAmzContentSHA256Mismatch",
                        (Spoiled) t -> headerSigned(t, SigV4.sha256Hex("other"), Map.of())),
                Arguments.of("a signed x-amz-checksum-crc32 of other bytes", 400, "BadDigest",
                        (Spoiled) t -> S3ProtocolTest.send("PUT", t.presigned(Map.of("x-amz-checksum-crc32", crc32("other"))),
                                Map.of(), CORS)),
                Arguments.of("a declared length over the limit", 400, "EntityTooLarge",
                        (Spoiled) t -> chunked(t, TOO_LARGE, s -> s)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("spoiledBodies")
    void theSameSpoiledBody_isRefusedAlike_asAnObjectAndAsAnXmlDocument(String name, int status, String code,
            Spoiled spoiled) throws Exception {
        HttpResponse<String> asObject = spoiled.send(object());
        HttpResponse<String> asXml = spoiled.send(xml());

        assertS3Error(asObject, status, code);
        assertS3Error(asXml, status, code);
        assertThat(errorCode(asXml)).isEqualTo(errorCode(asObject));
    }

    @Test
    void theUnspoiledBodies_areAccepted_soTheRefusalsAboveAreOfTheSpoilingAlone() throws Exception {
        Target probe = new Target(bucket, "unspoiled", "");
        assertThat(chunked(probe, CORS.length(), s -> s).statusCode()).isEqualTo(200);
        assertThat(headerSigned(probe, SigV4.sha256Hex(CORS), Map.of("Content-MD5", md5(CORS))).statusCode())
                .isEqualTo(200);
        try (S3Client s3 = S3Clients.accountA()) {
            s3.deleteObject(b -> b.bucket(bucket).key("unspoiled"));
        }
    }

    @Test
    void anXmlDocumentLargerThanItsLimit_withoutADeclaredLength_isEntityTooLarge() throws Exception {
        byte[] large = new byte[64 * 1024 + 1];
        HttpRequest.Builder b = HttpRequest.newBuilder(xml().uri()).timeout(Duration.ofSeconds(20))
                // from a stream, so sent chunked: the limit is met while the body arrives
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(large)));
        Signing.headerAuth("PUT", xml().uri(), "UNSIGNED-PAYLOAD").forEach(b::header);
        assertS3Error(HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString()), 400, "EntityTooLarge");
    }

    @AfterAll
    void nothingWasStored() {
        try (S3Client s3 = S3Clients.accountA()) {
            assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).keyCount()).isZero();
            assertThatThrownBy(() -> s3.getBucketCors(b -> b.bucket(bucket)))
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(404));
        }
    }

    static String errorCode(HttpResponse<String> r) {
        String body = r.body();
        return body.substring(body.indexOf("<Code>") + 6, body.indexOf("</Code>"));
    }

    static String crc32(String s) {
        return AwsChunkedTest.crc32(s);
    }

    static String md5(String s) throws Exception {
        return Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    /** A header-signed PUT of {@link #CORS} whose signed payload hash is {@code payloadHash}. */
    static HttpResponse<String> headerSigned(Target target, String payloadHash, Map<String, String> extra)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(target.uri()).timeout(Duration.ofSeconds(20))
                .PUT(HttpRequest.BodyPublishers.ofString(CORS));
        Signing.headerAuth("PUT", target.uri(), payloadHash).forEach(b::header);
        extra.forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * A signed aws-chunked PUT of {@link #CORS} in two chunks (STREAMING-AWS4-HMAC-SHA256-PAYLOAD) declaring
     * {@code decodedLength}, its encoded body passed through {@code spoil}.
     */
    static HttpResponse<String> chunked(Target target, long decodedLength, UnaryOperator<String> spoil)
            throws Exception {
        String mode = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
        URI uri = target.uri();
        Instant now = Instant.now();
        String amzDate = SigV4.formatAmzDate(now);
        CredentialScope scope = CredentialScope.of(now, "us-east-1", "s3");
        SigningKey signingKey = SigningKey.derive(FakeKeyService.SECRET_A, scope);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-encoding", "aws-chunked");
        headers.put("host", uri.getHost() + ":" + uri.getPort());
        headers.put("x-amz-content-sha256", mode);
        headers.put("x-amz-date", amzDate);
        headers.put("x-amz-decoded-content-length", String.valueOf(decodedLength));
        SimpleHttpRequest.Builder rb = SimpleHttpRequest.builder().method("PUT").rawPath(uri.getRawPath());
        headers.forEach(rb::header);
        List<String> signed = new ArrayList<>(headers.keySet());
        String canonical = SigV4.canonicalRequest("PUT", SigV4.canonicalUri(uri.getRawPath()),
                SigV4.canonicalQuery(target.rawQuery(), false), SigV4.canonicalHeaders(rb.build(), signed),
                SigV4.signedHeadersLine(signed), mode);
        String seed = signingKey.signHex(SigV4.stringToSign(amzDate, scope, canonical));

        StringBuilder body = new StringBuilder();
        String previous = seed;
        int half = CORS.length() / 2;
        for (String chunk : List.of(CORS.substring(0, half), CORS.substring(half), "")) {
            String sig = ChunkSignatures.chunkSignature(signingKey, amzDate, previous, SigV4.sha256Hex(chunk));
            body.append(Integer.toHexString(chunk.length())).append(";chunk-signature=").append(sig).append("\r\n")
                    .append(chunk).append("\r\n");
            previous = sig;
        }
        return AwsChunkedTest.sendSignedPut(uri, headers, scope, signed, seed, spoil.apply(body.toString()));
    }
}
