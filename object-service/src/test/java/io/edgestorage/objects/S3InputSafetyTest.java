package io.edgestorage.objects;

import static io.edgestorage.objects.S3ProtocolTest.assertS3Error;
import static io.edgestorage.objects.S3ProtocolTest.send;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.edgestorage.objects.metadata.CorsRepository;
import io.edgestorage.objects.support.FakeKeyService;
import io.edgestorage.objects.support.S3Clients;
import io.edgestorage.objects.support.Signing;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CORSRule;

/**
 * Input that cannot go into a response header or a PostgreSQL text column is refused with an S3 error
 * (S3ErrorRenderingTest covers a header that still cannot be set).
 */
@QuarkusTest
@QuarkusTestResource(FakeKeyService.class)
class S3InputSafetyTest {

    static final String ORIGIN = "https://app.example.com";
    static S3Client s3;
    static String bucket;

    @Inject
    CorsRepository cors;

    @BeforeEach
    void bucketWithOneObjectAndCorsRules() {
        if (s3 == null) {
            s3 = S3Clients.accountA();
            bucket = S3Clients.bucketWithObject(s3, "safety", "obj", "0123456789");
        }
        s3.putBucketCors(b -> b.bucket(bucket).corsConfiguration(c -> c.corsRules(CORSRule.builder()
                .allowedOrigins("https://*.example.com").allowedMethods("GET").exposeHeaders("ETag").build())));
    }

    /** One request on its own connection, written byte for byte (java.net.http refuses control characters). */
    static String exchange(String method, String pathAndQuery, String... headers) throws IOException {
        URI endpoint = S3Clients.endpoint();
        StringBuilder head = new StringBuilder(method + " " + pathAndQuery + " HTTP/1.1\r\nHost: " + endpoint.getHost()
                + ":" + endpoint.getPort() + "\r\nConnection: close\r\n");
        for (String h : headers) {
            head.append(h).append("\r\n");
        }
        try (Socket socket = new Socket(endpoint.getHost(), endpoint.getPort())) {
            // A hang fails the test with a SocketTimeoutException instead of blocking the build
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    static String presignedPathA(String method, String key) {
        URI url = URI.create(Signing.presignA(method, bucket, key, Map.of()));
        return url.getRawPath() + "?" + url.getRawQuery();
    }

    /** Each a value that cannot become a header: CR/LF, a space and a TAB in header names, LF in an origin or the ID. */
    @ParameterizedTest
    @ValueSource(strings = {"<ExposeHeader>ETag&#13;&#10;X-Injected: 1</ExposeHeader>", "<ExposeHeader>E Tag</ExposeHeader>",
        "<AllowedHeader>x-a&#9;b</AllowedHeader>", "<AllowedOrigin>https://a&#10;b</AllowedOrigin>", "<ID>a&#10;b</ID>"})
    void putBucketCors_withValuesThatCannotBecomeHeaders_isInvalidRequest(String element) throws Exception {
        String document = "<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod>"
                + element + "</CORSRule></CORSConfiguration>";
        assertS3Error(send("PUT", Signing.presignA("PUT", bucket, "", Map.of("cors", "")), Map.of(), document),
                400, "InvalidRequest");
        assertThat(s3.getBucketCors(b -> b.bucket(bucket)).corsRules().get(0).exposeHeaders()).containsExactly("ETag");
    }

    /** Rules stored before they were validated: the request is answered as if the rule were not there. */
    @Test
    void aStoredRuleWithCrLf_neitherHangsRequestsNorReachesTheResponse() throws Exception {
        cors.put(bucket, List.of(new CorsRule(null, List.of("https://*.example.com"), List.of("GET"), null,
                List.of("ETag\r\nX-Injected: 1"), null))).await().indefinitely();
        String signed = exchange("GET", presignedPathA("GET", "obj"), "Origin: " + ORIGIN);
        assertThat(signed).startsWith("HTTP/1.1 200").endsWith("0123456789").doesNotContainIgnoringCase("x-injected")
                .doesNotContainIgnoringCase("access-control-allow-origin");
        assertThat(exchange("GET", "/" + bucket + "/obj", "Origin: " + ORIGIN)).startsWith("HTTP/1.1 403")
                .contains("<Code>AccessDenied</Code>").doesNotContainIgnoringCase("x-injected");
        assertThat(exchange("OPTIONS", "/" + bucket + "/obj", "Origin: " + ORIGIN, "Access-Control-Request-Method: GET"))
                .startsWith("HTTP/1.1 403").contains("<Code>AccessForbidden</Code>");
    }

    /** AWS answers InvalidArgument too; before, Vert.x refused the header and the GET was a 500. */
    @Test
    void responseOverrideWithCrLf_isInvalidArgument() throws Exception {
        String url = Signing.presignA("GET", bucket, "obj", Map.of("response-content-disposition", "inline\r\nX-Injected: 1"));
        HttpResponse<String> r = send("GET", url, Map.of("Origin", ORIGIN), null);
        assertS3Error(r, 400, "InvalidArgument");
        assertThat(r.headers().firstValue("etag")).isEmpty();
        assertThat(r.headers().firstValue("x-injected")).isEmpty();
        assertThat(r.headers().firstValue("access-control-allow-origin")).hasValue(ORIGIN);
    }

    /** Before any lookup (PostgreSQL text cannot hold U+0000) and before authentication, as S3 does. */
    @ParameterizedTest
    @ValueSource(strings = {"zz%00", "zz%01", "ab%0D%0Acd", "Not_Valid", "b123456789b123456789b123456789b123456789b123456789b123456789bbbb"})
    void invalidBucketName_isInvalidBucketName_evenWithAnOriginOrAPreflight(String rawBucket) throws Exception {
        for (String response : List.of(exchange("GET", "/" + rawBucket + "/obj"),
                exchange("GET", "/" + rawBucket + "/obj", "Origin: " + ORIGIN),
                exchange("PUT", "/" + rawBucket + "?cors", "Origin: " + ORIGIN, "Content-Length: 0"),
                exchange("OPTIONS", "/" + rawBucket + "/obj", "Origin: " + ORIGIN, "Access-Control-Request-Method: GET"))) {
            assertThat(response).startsWith("HTTP/1.1 400").containsIgnoringCase("content-type: application/xml")
                    .contains("<Code>InvalidBucketName</Code>");
        }
        String signed = Signing.presign("GET", "not_valid", "obj", java.time.Instant.now(), 3600, FakeKeyService.KEY_A,
                FakeKeyService.SECRET_A, Map.of());
        assertS3Error(send("GET", signed, Map.of(), null), 400, "InvalidBucketName");
    }

    @Test
    void objectKeyWithNul_isInvalidArgument_evenWithAnOrigin() throws Exception {
        assertThat(exchange("GET", presignedPathA("GET", "a\u0000b"), "Origin: " + ORIGIN)).startsWith("HTTP/1.1 400")
                .containsIgnoringCase("content-type: application/xml").contains("<Code>InvalidArgument</Code>");
        assertThat(exchange("PUT", "/" + bucket + "/a%00b", "Content-Length: 0")).startsWith("HTTP/1.1 400")
                .contains("<Code>InvalidArgument</Code>");
    }
}
