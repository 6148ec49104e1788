package io.edgestorage.objects;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.edgestorage.common.internal.InternalCaller;
import io.edgestorage.common.testing.InternalApi;
import io.edgestorage.objects.support.FakeKeyService;
import io.edgestorage.objects.support.S3Clients;
import io.edgestorage.objects.support.Signing;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CORSRule;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** Protocol details and bad inputs on the wire: presigned URLs, errors, checksums, ranges, CORS. */
@QuarkusTest
@QuarkusTestResource(FakeKeyService.class)
class S3ProtocolTest {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static S3Client s3;
    static String bucket;

    @BeforeEach
    void bucketWithOneObject() {
        if (s3 == null) {
            s3 = S3Clients.accountA();
            bucket = S3Clients.bucketWithObject(s3, "proto", "obj", "0123456789");
            s3.putBucketCors(b -> b.bucket(bucket).corsConfiguration(c -> c.corsRules(CORSRule.builder()
                    .allowedOrigins("https://*.example.com").allowedMethods("GET", "PUT").allowedHeaders("content-type")
                    .exposeHeaders("ETag").maxAgeSeconds(300).build())));
        }
    }

    static HttpResponse<String> send(String method, String url, Map<String, String> headers, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static void assertS3Error(HttpResponse<String> r, int status, String code) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        if (!r.body().isEmpty()) {
            assertThat(r.body()).contains("<Code>" + code + "</Code>").contains("<RequestId>");
            assertThat(r.headers().firstValue("content-type")).hasValue("application/xml");
        }
    }

    @Test
    void anonymousRequest_isAccessDenied_inS3Xml() {
        given().when().get("/").then().statusCode(403).contentType("application/xml")
                .body(containsString("<Code>AccessDenied</Code>")).body(containsString("<RequestId>"));
        given().when().get("/" + bucket + "/obj").then().statusCode(403).body(containsString("<Code>AccessDenied</Code>"));
    }

    @Test
    void unsupportedSubresource_isNotImplemented() throws Exception {
        HttpResponse<String> r = send("GET", Signing.presignA("GET", bucket, "", Map.of("policy", "")), Map.of(), null);
        assertS3Error(r, 501, "NotImplemented");
        HttpResponse<String> tagging = send("GET", Signing.presignA("GET", bucket, "obj", Map.of("tagging", "")), Map.of(), null);
        assertS3Error(tagging, 501, "NotImplemented");
    }

    @Test
    void presignedGet_fromTheSdkPresigner_downloadsTheObject_withResponseOverrides() throws Exception {
        try (S3Presigner presigner = S3Clients.presigner(FakeKeyService.KEY_A, FakeKeyService.SECRET_A)) {
            String url = presigner.presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                    .getObjectRequest(g -> g.bucket(bucket).key("obj").responseContentDisposition("attachment; filename=x.bin")
                            .responseContentType("application/x-test"))).url().toString();
            HttpResponse<String> r = send("GET", url, Map.of(), null);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("0123456789");
            assertThat(r.headers().firstValue("content-disposition")).hasValue("attachment; filename=x.bin");
            assertThat(r.headers().firstValue("content-type")).hasValue("application/x-test");
        }
    }

    @Test
    void presignedPut_fromTheSdkPresigner_uploads_with100Continue() throws Exception {
        try (S3Presigner presigner = S3Clients.presigner(FakeKeyService.KEY_A, FakeKeyService.SECRET_A)) {
            String url = presigner.presignPutObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                    .putObjectRequest(g -> g.bucket(bucket).key("uploaded.txt").contentType("text/plain"))).url().toString();
            HttpRequest req = HttpRequest.newBuilder(URI.create(url)).expectContinue(true).header("Content-Type", "text/plain")
                    .PUT(HttpRequest.BodyPublishers.ofString("from a browser")).build();
            HttpResponse<String> r = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.headers().firstValue("etag")).isPresent();
            assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("uploaded.txt")).asUtf8String()).isEqualTo("from a browser");
        }
    }

    /** Each case changes one thing about a valid presigned GET URL. */
    static Stream<Arguments> tamperedUrls() {
        return Stream.of(
                Arguments.of("method changed to DELETE", "DELETE", (UnaryOperator<String>) u -> u, 403, "SignatureDoesNotMatch"),
                Arguments.of("path changed", "GET", (UnaryOperator<String>) u -> u.replace("/obj?", "/obk?"), 403, "SignatureDoesNotMatch"),
                Arguments.of("host changed", "GET", (UnaryOperator<String>) u -> u.replace("localhost", "127.0.0.1"), 403, "SignatureDoesNotMatch"),
                Arguments.of("extra query parameter", "GET", (UnaryOperator<String>) u -> u + "&response-content-type=text%2Fhtml", 403, "SignatureDoesNotMatch"),
                Arguments.of("X-Amz-Algorithm", "GET", (UnaryOperator<String>) u -> u.replace("X-Amz-Algorithm=AWS4-HMAC-SHA256", "X-Amz-Algorithm=AWS4-HMAC-SHA1"), 400, "InvalidRequest"),
                Arguments.of("X-Amz-Credential key id", "GET", (UnaryOperator<String>) u -> u.replace(FakeKeyService.KEY_A, "AKIAUNKNOWNKEY000000"), 403, "InvalidAccessKeyId"),
                Arguments.of("X-Amz-Credential region", "GET", (UnaryOperator<String>) u -> u.replace("%2Fus-east-1%2F", "%2Feu-west-1%2F"), 400, "AuthorizationHeaderMalformed"),
                Arguments.of("X-Amz-Date", "GET", (UnaryOperator<String>) S3ProtocolTest::shiftSigningSecond, 403, "SignatureDoesNotMatch"),
                Arguments.of("X-Amz-Expires", "GET", (UnaryOperator<String>) u -> u.replace("X-Amz-Expires=3600", "X-Amz-Expires=3599"), 403, "SignatureDoesNotMatch"),
                Arguments.of("X-Amz-Expires over 7 days", "GET", (UnaryOperator<String>) u -> u.replace("X-Amz-Expires=3600", "X-Amz-Expires=604801"), 400, "AuthorizationQueryParametersError"),
                // S3: a URL that lives zero seconds has expired (403); a negative lifetime is malformed (400)
                Arguments.of("X-Amz-Expires zero", "GET", (UnaryOperator<String>) u -> u.replace("X-Amz-Expires=3600", "X-Amz-Expires=0"), 403, "AccessDenied"),
                Arguments.of("X-Amz-Expires negative", "GET", (UnaryOperator<String>) u -> u.replace("X-Amz-Expires=3600", "X-Amz-Expires=-7"), 400, "AuthorizationQueryParametersError"),
                Arguments.of("X-Amz-SignedHeaders", "GET", (UnaryOperator<String>) u -> u.replace("X-Amz-SignedHeaders=host", "X-Amz-SignedHeaders=host%3Bx-amz-meta-a"), 403, "AccessDenied"),
                Arguments.of("X-Amz-Signature", "GET", (UnaryOperator<String>) S3ProtocolTest::flipFirstSignatureDigit, 403, "SignatureDoesNotMatch"),
                Arguments.of("X-Amz-Signature missing", "GET", (UnaryOperator<String>) u -> u.replaceFirst("&X-Amz-Signature=[0-9a-f]+", ""), 400, "AuthorizationQueryParametersError"));
    }

    /** Changes the signature's first hex digit to another one (the old version kept it 1 time in 16). */
    static String flipFirstSignatureDigit(String url) {
        int i = url.indexOf("X-Amz-Signature=") + "X-Amz-Signature=".length();
        return url.substring(0, i) + (url.charAt(i) == '0' ? '1' : '0') + url.substring(i + 1);
    }

    /** Changes the last digit of the signing time's seconds: still valid, but not what was signed. */
    static String shiftSigningSecond(String url) {
        int i = url.indexOf("X-Amz-Date=") + "X-Amz-Date=".length() + 14;
        return url.substring(0, i) + (url.charAt(i) == '0' ? '1' : '0') + url.substring(i + 1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tamperedUrls")
    void tamperedPresignedUrl_isRejectedWithTheRightCode(String name, String method, UnaryOperator<String> tamper,
            int status, String code) throws Exception {
        String url = Signing.presignA("GET", bucket, "obj", Map.of());
        assertThat(send("GET", url, Map.of(), null).statusCode()).isEqualTo(200);
        assertS3Error(send(method, tamper.apply(url), Map.of(), null), status, code);
    }

    /** Request documents that are not XML, not well-formed, or carry a character XML 1.0 forbids (U+0000). */
    static Stream<Arguments> malformedDocuments() {
        return Stream.of(
                Arguments.of("empty", ""),
                Arguments.of("not XML", "delete obj please"),
                Arguments.of("cut short", "<Delete><Object><Key>obj</Key></Object>"),
                Arguments.of("U+0000 as a character reference", "<Delete><Object><Key>o&#0;bj</Key></Object></Delete>"),
                Arguments.of("U+0000 as a raw byte", "<Delete><Object><Key>o\u0000bj</Key></Object></Delete>"),
                Arguments.of("an Object without a Key", "<Delete><Object><VersionId>null</VersionId></Object></Delete>"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedDocuments")
    void malformedRequestDocument_isMalformedXml_forDeleteObjectsCorsAndCompleteMultipartUpload(String name,
            String document) throws Exception {
        assertS3Error(send("POST", Signing.presignA("POST", bucket, "", Map.of("delete", "")), Map.of(), document),
                400, "MalformedXML");
        assertS3Error(send("PUT", Signing.presignA("PUT", bucket, "", Map.of("cors", "")), Map.of(), document),
                400, "MalformedXML");
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key("mpu-malformed")).uploadId();
        try {
            assertS3Error(send("POST", Signing.presignA("POST", bucket, "mpu-malformed", Map.of("uploadId", uploadId)),
                    Map.of(), document), 400, "MalformedXML");
        } finally {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key("mpu-malformed").uploadId(uploadId));
        }
        // Nothing was deleted, and the bucket's CORS rules are still the ones it had.
        assertThat(send("GET", Signing.presignA("GET", bucket, "obj", Map.of()), Map.of(), null).statusCode()).isEqualTo(200);
        assertThat(s3.getBucketCors(b -> b.bucket(bucket)).corsRules()).hasSize(1);
    }

    @Test
    void expiredPresignedUrl_isAccessDenied_requestHasExpired() throws Exception {
        String url = Signing.presign("GET", bucket, "obj", Instant.now().minusSeconds(120), 60, FakeKeyService.KEY_A,
                FakeKeyService.SECRET_A, Map.of());
        HttpResponse<String> r = send("GET", url, Map.of(), null);
        assertS3Error(r, 403, "AccessDenied");
        assertThat(r.body()).contains("Request has expired");
    }

    @Test
    void presignedUrlOfAnUnknownKey_isInvalidAccessKeyId() throws Exception {
        String url = Signing.presign("GET", bucket, "obj", Instant.now(), 60, "AKIANOSUCHKEY0000000", "whatever", Map.of());
        assertS3Error(send("GET", url, Map.of(), null), 403, "InvalidAccessKeyId");
    }

    @Test
    void signatureMismatch_returnsStringToSignAndCanonicalRequest() throws Exception {
        String url = Signing.presign("GET", bucket, "obj", Instant.now(), 60, FakeKeyService.KEY_A, "wrong-secret", Map.of());
        HttpResponse<String> r = send("GET", url, Map.of(), null);
        assertS3Error(r, 403, "SignatureDoesNotMatch");
        assertThat(r.body()).contains("<StringToSign>AWS4-HMAC-SHA256").contains("<CanonicalRequest>GET");
    }

    @Test
    void sigV2PresignedUrl_downloads_andTamperedOrExpiredIsRefused() throws Exception {
        long expires = Instant.now().plusSeconds(300).getEpochSecond();
        String url = Signing.presignV2("GET", bucket, "obj", expires, FakeKeyService.KEY_A, FakeKeyService.SECRET_A);
        HttpResponse<String> ok = send("GET", url, Map.of(), null);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("0123456789");
        assertS3Error(send("GET", url.replace("/obj?", "/obk?"), Map.of(), null), 403, "SignatureDoesNotMatch");
        assertS3Error(send("DELETE", url, Map.of(), null), 403, "SignatureDoesNotMatch");
        String expired = Signing.presignV2("GET", bucket, "obj", Instant.now().minusSeconds(5).getEpochSecond(),
                FakeKeyService.KEY_A, FakeKeyService.SECRET_A);
        assertS3Error(send("GET", expired, Map.of(), null), 403, "AccessDenied");
        String unknown = Signing.presignV2("GET", bucket, "obj", expires, "AKIANOSUCHKEY0000000", "x");
        assertS3Error(send("GET", unknown, Map.of(), null), 403, "InvalidAccessKeyId");
    }

    @Test
    void sigV2HeaderAuth_withXAmzDate_isVerifiedByKeyService() throws Exception {
        String date = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC));
        String stringToSign = "GET\n\n\n\nx-amz-date:" + date + "\n/" + bucket + "/obj";
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA1");
        mac.init(new javax.crypto.spec.SecretKeySpec(FakeKeyService.SECRET_A.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        String signature = Base64.getEncoder().encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        String url = S3Clients.endpoint() + "/" + bucket + "/obj";
        HttpResponse<String> ok = send("GET", url, Map.of("x-amz-date", date,
                "Authorization", "AWS " + FakeKeyService.KEY_A + ":" + signature), null);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("0123456789");
        assertS3Error(send("GET", url, Map.of("x-amz-date", date, "Authorization", "AWS " + FakeKeyService.KEY_A + ":"
                + signature.substring(1) + "A"), null), 403, "SignatureDoesNotMatch");
        String stale = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
                .format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).minusHours(1));
        assertS3Error(send("GET", url, Map.of("x-amz-date", stale, "Authorization", "AWS " + FakeKeyService.KEY_A + ":"
                + signature), null), 403, "RequestTimeTooSkewed");
    }

    @Test
    void presignedPut_withTheJsSdksEmptyBodyCrc32InTheUrl_acceptsARealBody() throws Exception {
        String url = Signing.presignA("PUT", bucket, "js-upload", Map.of("x-amz-checksum-crc32", "AAAAAA==",
                "x-amz-sdk-checksum-algorithm", "CRC32", "x-id", "PutObject"));
        HttpResponse<String> r = send("PUT", url, Map.of(), "real bytes");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("js-upload")).asUtf8String()).isEqualTo("real bytes");
    }

    @Test
    void presignedPut_withAWrongNonEmptyChecksumInTheUrl_isBadDigest() throws Exception {
        // CRC32 of "other bytes", not of the body sent
        String url = Signing.presignA("PUT", bucket, "bad-sum", Map.of("x-amz-checksum-crc32", "yZRlqg=="));
        assertS3Error(send("PUT", url, Map.of(), "real bytes"), 400, "BadDigest");
    }

    @Test
    void contentMd5_thatDoesNotMatch_isBadDigest_andMalformedIsInvalidDigest() throws Exception {
        String url = Signing.presignA("PUT", bucket, "md5", Map.of());
        String md5OfOther = Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("MD5")
                .digest("other".getBytes(StandardCharsets.UTF_8)));
        assertS3Error(send("PUT", url, Map.of("Content-MD5", md5OfOther), "body"), 400, "BadDigest");
        assertS3Error(send("PUT", url, Map.of("Content-MD5", "not-base64!"), "body"), 400, "InvalidDigest");
        String md5 = Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("MD5")
                .digest("body".getBytes(StandardCharsets.UTF_8)));
        assertThat(send("PUT", url, Map.of("Content-MD5", md5), "body").statusCode()).isEqualTo(200);
    }

    @Test
    void headerAuth_withAPayloadHashThatDoesNotMatchTheBody_isXAmzContentSHA256Mismatch() throws Exception {
        URI uri = URI.create(S3Clients.endpoint() + "/" + bucket + "/hashed");
        Map<String, String> auth = Signing.headerAuth("PUT", uri, SigV4Hex.sha256("something else"));
        assertS3Error(send("PUT", uri.toString(), auth, "the body"), 400, "XAmzContentSHA256Mismatch");
        Map<String, String> good = Signing.headerAuth("PUT", uri, SigV4Hex.sha256("the body"));
        assertThat(send("PUT", uri.toString(), good, "the body").statusCode()).isEqualTo(200);
    }

    @Test
    void ranges_andConditionals_followHttpSemantics() throws Exception {
        String url = Signing.presignA("GET", bucket, "obj", Map.of());
        HttpResponse<String> suffix = send("GET", url, Map.of("Range", "bytes=-3"), null);
        assertThat(suffix.statusCode()).isEqualTo(206);
        assertThat(suffix.body()).isEqualTo("789");
        HttpResponse<String> open = send("GET", url, Map.of("Range", "bytes=7-"), null);
        assertThat(open.body()).isEqualTo("789");
        assertThat(open.headers().firstValue("content-range")).hasValue("bytes 7-9/10");
        HttpResponse<String> beyond = send("GET", url, Map.of("Range", "bytes=10-20"), null);
        assertS3Error(beyond, 416, "InvalidRange");
        assertThat(beyond.headers().firstValue("content-range")).hasValue("bytes */10");

        String etag = send("GET", url, Map.of(), null).headers().firstValue("etag").orElseThrow();
        assertThat(send("GET", url, Map.of("If-None-Match", etag), null).statusCode()).isEqualTo(304);
        assertS3Error(send("GET", url, Map.of("If-Match", "\"deadbeef\""), null), 412, "PreconditionFailed");
        assertThat(send("GET", url, Map.of("If-Match", etag), null).statusCode()).isEqualTo(200);
        assertThat(send("GET", url, Map.of("If-Modified-Since", "Sat, 01 Jan 2000 00:00:00 GMT"), null).statusCode()).isEqualTo(200);
        assertS3Error(send("GET", url, Map.of("If-Unmodified-Since", "Sat, 01 Jan 2000 00:00:00 GMT"), null), 412, "PreconditionFailed");
    }

    @Test
    void missingObject_isNoSuchKey_andMissingBucketNoSuchBucket() throws Exception {
        assertS3Error(send("GET", Signing.presignA("GET", bucket, "nope", Map.of()), Map.of(), null), 404, "NoSuchKey");
        assertS3Error(send("GET", Signing.presignA("GET", "no-such-bucket-here", "k", Map.of()), Map.of(), null), 404, "NoSuchBucket");
        HttpResponse<String> head = send("HEAD", Signing.presignA("HEAD", bucket, "nope", Map.of()), Map.of(), null);
        assertThat(head.statusCode()).isEqualTo(404);
        assertThat(head.body()).isEmpty();
    }

    @Test
    void presignedPut_intoAnotherAccountsBucket_isAccessDenied_andStoresNothing() throws Exception {
        String url = Signing.presign("PUT", bucket, "from-b.bin", java.time.Instant.now(), 3600, FakeKeyService.KEY_B,
                FakeKeyService.SECRET_B, Map.of());
        assertS3Error(send("PUT", url, Map.of(), "not yours"), 403, "AccessDenied");
        assertS3Error(send("GET", Signing.presignA("GET", bucket, "from-b.bin", Map.of()), Map.of(), null), 404, "NoSuchKey");
    }

    @Test
    void errorBeforeTheBodyWasRead_closesTheConnection() throws Exception {
        URI url = URI.create(Signing.presignA("PUT", "no-such-bucket-here", "k", Map.of()));
        try (Socket socket = new Socket(url.getHost(), url.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("PUT " + url.getRawPath() + "?" + url.getRawQuery() + " HTTP/1.1\r\nHost: " + url.getHost() + ":"
                    + url.getPort() + "\r\nContent-Length: 1000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[1000]);
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(response).startsWith("HTTP/1.1 404").containsIgnoringCase("connection: close")
                    .contains("<Code>NoSuchBucket</Code>");
        }
    }

    @Test
    void corsPreflight_allowsAMatchingOrigin_andRefusesOthers() throws Exception {
        String base = S3Clients.endpoint() + "/" + bucket + "/upload.bin";
        HttpResponse<String> ok = send("OPTIONS", base, Map.of("Origin", "https://app.example.com",
                "Access-Control-Request-Method", "PUT", "Access-Control-Request-Headers", "content-type"), null);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("access-control-allow-origin")).hasValue("https://app.example.com");
        assertThat(ok.headers().firstValue("access-control-allow-methods").orElse("")).contains("PUT");
        assertThat(ok.headers().firstValue("access-control-max-age")).hasValue("300");
        assertS3Error(send("OPTIONS", base, Map.of("Origin", "https://evil.test", "Access-Control-Request-Method", "PUT"), null),
                403, "AccessForbidden");
        assertS3Error(send("OPTIONS", base, Map.of("Origin", "https://app.example.com", "Access-Control-Request-Method", "DELETE"), null),
                403, "AccessForbidden");
    }

    @Test
    void crossOriginRequests_getCorsHeaders_onSuccessAndOnErrors() throws Exception {
        HttpResponse<String> put = send("PUT", Signing.presignA("PUT", bucket, "browser.bin", Map.of()),
                Map.of("Origin", "https://app.example.com"), "data");
        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(put.headers().firstValue("access-control-allow-origin")).hasValue("https://app.example.com");
        assertThat(put.headers().firstValue("access-control-expose-headers")).hasValue("ETag");
        HttpResponse<String> missing = send("GET", Signing.presignA("GET", bucket, "nope", Map.of()),
                Map.of("Origin", "https://app.example.com"), null);
        assertS3Error(missing, 404, "NoSuchKey");
        assertThat(missing.headers().firstValue("access-control-allow-origin")).hasValue("https://app.example.com");
    }

    @Test
    void unsignedXAmzHeaderOnAPresignedUrl_isAccessDenied() throws Exception {
        String url = Signing.presignA("PUT", bucket, "acl", Map.of());
        assertS3Error(send("PUT", url, Map.of("x-amz-acl", "public-read"), "x"), 403, "AccessDenied");
    }

    @Test
    void internalBucketName_isReserved() throws Exception {
        assertS3Error(send("PUT", Signing.presignA("PUT", "internal", "", Map.of()), Map.of(), null), 400, "InvalidBucketName");
    }

    @Test
    void internalBucketApi_servesTheGatewayInJson() {
        String name = S3Clients.bucketName("api");
        InternalApi.as(InternalCaller.API_GATEWAY).header("X-Edge-Account", "acct-x")
                .contentType("application/json").body("{\"name\":\"" + name + "\"}")
                .when().post("/internal/v1/buckets").then().statusCode(201).body("name", equalTo(name));
        InternalApi.as(InternalCaller.API_GATEWAY).header("X-Edge-Account", "acct-x")
                .contentType("application/json").body("{\"name\":\"" + name + "\"}")
                .when().post("/internal/v1/buckets").then().statusCode(409).contentType("application/problem+json")
                .body("code", equalTo("bucket-already-owned-by-you"));
        InternalApi.as(InternalCaller.API_GATEWAY).header("X-Edge-Account", "acct-y")
                .when().get("/internal/v1/buckets/" + name).then().statusCode(404).body("code", equalTo("no-such-bucket"));
        InternalApi.as(InternalCaller.API_GATEWAY).header("X-Edge-Account", "acct-x")
                .contentType("application/json").body("{\"name\":\"Not_Valid\"}")
                .when().post("/internal/v1/buckets").then().statusCode(400).body("code", equalTo("invalid-bucket-name"));
        InternalApi.as(InternalCaller.API_GATEWAY).header("X-Edge-Account", "acct-x")
                .when().get("/internal/v1/buckets/" + name + "/cors").then().statusCode(404)
                .body("code", equalTo("no-such-cors-configuration"));
        InternalApi.as(InternalCaller.API_GATEWAY).header("X-Edge-Account", "acct-x")
                .contentType("application/json")
                .body("{\"rules\":[{\"allowedOrigins\":[\"*\"],\"allowedMethods\":[\"GET\"],\"maxAgeSeconds\":60}]}")
                .when().put("/internal/v1/buckets/" + name + "/cors").then().statusCode(200);
        InternalApi.as(InternalCaller.API_GATEWAY).header("X-Edge-Account", "acct-x")
                .when().get("/internal/v1/buckets/" + name + "/cors").then().statusCode(200)
                .body("rules[0].allowedMethods[0]", equalTo("GET"));
        InternalApi.as(InternalCaller.API_GATEWAY).header("X-Edge-Account", "acct-x")
                .when().get("/internal/v1/buckets").then().statusCode(200).body("name", org.hamcrest.Matchers.hasItem(name));
        InternalApi.as(InternalCaller.API_GATEWAY).header("X-Edge-Account", "acct-x")
                .when().delete("/internal/v1/buckets/" + name).then().statusCode(204);
    }

    /** Hex SHA-256 for payload hashes. */
    static final class SigV4Hex {
        static String sha256(String s) throws Exception {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        }
    }
}
