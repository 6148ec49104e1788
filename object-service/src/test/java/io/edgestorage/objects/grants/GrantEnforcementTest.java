package io.edgestorage.objects.grants;

import static io.edgestorage.objects.grants.InternalGrantApiTest.gateway;
import static io.edgestorage.objects.grants.InternalGrantApiTest.issued;
import static io.edgestorage.objects.grants.InternalGrantApiTest.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.edgestorage.common.grants.GrantPolicy;
import io.edgestorage.objects.support.FakeKeyService;
import io.edgestorage.objects.support.S3Clients;
import io.edgestorage.objects.support.Signing;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Grants on the S3 data plane, with URLs as presign-service issues them (SigV4, the X-Edge-* parameters signed
 * in, the grant recorded through the internal API): size, type, overwrite and use limits, grant and object
 * revocations, and the refusal of grant parameters no signature covers.
 */
@QuarkusTest
@QuarkusTestResource(FakeKeyService.class)
class GrantEnforcementTest {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final String ACCOUNT = FakeKeyService.ACCOUNT_A;

    final S3Client s3 = S3Clients.accountA();

    /** A URL of account A for {@code method} on bucket/key carrying {@code policy}, whose grant is recorded. */
    static String grantUrl(String method, String bucket, String key, GrantPolicy policy) {
        Instant now = Instant.now();
        String limits = "\"overwrite\":" + policy.overwrite()
                + (policy.uses() == GrantPolicy.UNLIMITED ? "" : ",\"uses\":" + policy.uses())
                + (policy.maxBytes() == GrantPolicy.UNLIMITED ? "" : ",\"maxBytes\":" + policy.maxBytes());
        // presign-service records a download grant as GET whichever of GET and HEAD the URL is used for
        String recorded = "PUT".equals(method) ? "PUT" : "GET";
        record(issued(policy.grantId(), ACCOUNT, bucket, key, recorded, now, now.plusSeconds(3600), limits));
        return Signing.presignA(method, bucket, key, policy.toQueryParameters());
    }

    static GrantPolicy policy(long maxBytes, List<String> types, boolean overwrite, long uses) {
        return new GrantPolicy(GrantPolicy.newGrantId(), maxBytes, types.stream()
                .map(io.edgestorage.common.grants.MediaRange::parse).toList(), overwrite, uses);
    }

    static GrantPolicy uses(long n) {
        return policy(GrantPolicy.UNLIMITED, List.of(), true, n);
    }

    static HttpResponse<String> send(String method, String url, String body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static HttpResponse<String> get(String url) {
        return send("GET", url, null, Map.of());
    }

    static HttpResponse<String> put(String url, String body, String contentType) {
        return send("PUT", url, body, contentType == null ? Map.of() : Map.of("Content-Type", contentType));
    }

    static void assertError(HttpResponse<String> r, int status, String code) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.body()).contains("<Code>" + code + "</Code>");
    }

    String bucketWithObject(String hint) {
        return S3Clients.bucketWithObject(s3, hint, "obj", "hello");
    }

    @Test
    void contentTypesAdmitMatchingUploadsOnly() {
        String bucket = bucketWithObject("g-types");
        String url = grantUrl("PUT", bucket, "avatar", policy(GrantPolicy.UNLIMITED, List.of("image/*", "text/plain"),
                true, GrantPolicy.UNLIMITED));
        assertThat(put(url, "png", "image/png").statusCode()).isEqualTo(200);
        assertThat(put(url, "txt", "TEXT/Plain; charset=utf-8").statusCode()).isEqualTo(200);
        HttpResponse<String> refused = put(url, "<html>", "text/html");
        assertError(refused, 403, "AccessDenied");
        assertThat(refused.body()).contains("Content-Type image/*, text/plain only").contains("&quot;text/html&quot;");
        assertThat(put(url, "none", null).body()).contains("AccessDenied").contains("missing");
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("avatar")).asUtf8String()).isEqualTo("txt");
    }

    @Test
    void maxBytesAdmitsUpToTheLimitAndRefusesADeclaredLengthOverIt() {
        String bucket = bucketWithObject("g-size");
        String url = grantUrl("PUT", bucket, "small", policy(16, List.of(), true, GrantPolicy.UNLIMITED));
        assertThat(put(url, "x".repeat(16), null).statusCode()).isEqualTo(200);
        HttpResponse<String> refused = put(url, "y".repeat(17), null);
        assertError(refused, 400, "EntityTooLarge");
        assertThat(refused.body()).contains("<MaxSizeAllowed>16</MaxSizeAllowed>");
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("small")).asUtf8String()).isEqualTo("x".repeat(16));
    }

    @Test
    void aDeclaredLengthOverMaxBytesIsAnsweredBeforeTheBody_withCorsHeaders_andTheConnectionCloses() throws Exception {
        String bucket = bucketWithObject("g-early");
        s3.putBucketCors(b -> b.bucket(bucket).corsConfiguration(c -> c.corsRules(r -> r
                .allowedOrigins("https://app.example").allowedMethods("PUT").allowedHeaders("*"))));
        URI uri = URI.create(grantUrl("PUT", bucket, "big", policy(1024, List.of("image/*"), true,
                GrantPolicy.UNLIMITED)));
        try (Socket socket = new Socket()) {
            socket.setSoTimeout(30_000);
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()));
            OutputStream out = socket.getOutputStream();
            // Headers only: the answer must come without a byte of the 10 MB body.
            out.write(("PUT " + uri.getRawPath() + "?" + uri.getRawQuery() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":"
                    + uri.getPort() + "\r\nOrigin: https://app.example\r\nContent-Type: image/png\r\n"
                    + "Content-Length: 10000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(response).startsWith("HTTP/1.1 400").contains("<Code>EntityTooLarge</Code>")
                    .containsIgnoringCase("access-control-allow-origin: https://app.example")
                    .containsIgnoringCase("connection: close");
        }
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).extracting(o -> o.key()).containsExactly("obj");
    }

    @Test
    void overwriteFalseRefusesAnExistingKey_andOfTwoRacingPutsExactlyOneWins() throws Exception {
        String bucket = bucketWithObject("g-overwrite");
        String existing = grantUrl("PUT", bucket, "obj", policy(GrantPolicy.UNLIMITED, List.of(), false,
                GrantPolicy.UNLIMITED));
        assertError(put(existing, "replaced?", null), 412, "PreconditionFailed");
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("obj")).asUtf8String()).isEqualTo("hello");
        assertError(send("PUT", existing, "x", Map.of("If-Match", "\"abc\"")), 412, "PreconditionFailed");

        for (int round = 0; round < 3; round++) {
            String key = "race-" + round;
            String url = grantUrl("PUT", bucket, key, policy(GrantPolicy.UNLIMITED, List.of(), false,
                    GrantPolicy.UNLIMITED));
            List<Integer> statuses = race(2, i -> put(url, "writer " + i, null).statusCode());
            assertThat(statuses).containsExactlyInAnyOrder(200, 412);
        }
    }

    @Test
    void aSingleUseDownloadRacedByTwentyGetsIsServedOnce() throws Exception {
        String bucket = bucketWithObject("g-once");
        String url = grantUrl("GET", bucket, "obj", uses(1));
        List<Integer> statuses = race(20, i -> get(url).statusCode());
        assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
        assertThat(statuses).filteredOn(s -> s == 403).hasSize(19);
        HttpResponse<String> again = get(url);
        assertError(again, 403, "AccessDenied");
        assertThat(again.body()).contains("This URL has been used");
    }

    @Test
    void headIsNotCounted_eachRangeIs_andAFailedRequestGivesItsUseBack() {
        String bucket = S3Clients.bucketName("g-uses");
        s3.createBucket(b -> b.bucket(bucket));
        String url = grantUrl("GET", bucket, "later", uses(2));
        String once = grantUrl("GET", bucket, "later", uses(1));
        for (int i = 0; i < 3; i++) {
            // the use is back before the error is answered: retrying at once finds it
            assertError(get(once), 404, "NoSuchKey");
            assertError(get(url), 404, "NoSuchKey");
        }
        s3.putObject(b -> b.bucket(bucket).key("later"), RequestBody.fromString("0123456789"));
        String head = Signing.presignA("HEAD", bucket, "later", Map.of());
        assertThat(send("HEAD", head, null, Map.of()).statusCode()).isEqualTo(200);
        String headWithGrant = grantUrl("HEAD", bucket, "later", uses(1));
        for (int i = 0; i < 3; i++) {
            assertThat(send("HEAD", headWithGrant, null, Map.of()).statusCode()).isEqualTo(200);
        }
        HttpResponse<String> first = send("GET", url, null, Map.of("Range", "bytes=0-3"));
        assertThat(first.statusCode()).isEqualTo(206);
        assertThat(first.body()).isEqualTo("0123");
        assertThat(send("GET", url, null, Map.of("Range", "bytes=4-")).body()).isEqualTo("456789");
        assertThat(get(url).body()).contains("This URL has been used");
        String grantId = url.replaceAll(".*X-Edge-Grant=([a-z0-9_]+).*", "$1");
        gateway(ACCOUNT).when().get("/internal/v1/grants/" + grantId).then().statusCode(200)
                .body("used", equalTo(2)).body("state", equalTo("used"));
    }

    @Test
    void aDownloadCutShortGivesItsUseBack() throws Exception {
        int size = 16 * 1024 * 1024;
        String bucket = S3Clients.bucketName("g-broken");
        s3.createBucket(b -> b.bucket(bucket));
        s3.putObject(b -> b.bucket(bucket).key("large"), RequestBody.fromBytes(new byte[size]));
        GrantPolicy once = uses(1);
        URI uri = URI.create(grantUrl("GET", bucket, "large", once));
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(64 * 1024);
            socket.setSoTimeout(30_000);
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()));
            socket.getOutputStream().write(("GET " + uri.getRawPath() + "?" + uri.getRawQuery() + " HTTP/1.1\r\nHost: "
                    + uri.getHost() + ":" + uri.getPort() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[64 * 1024];
            for (long received = 0; received < 256 * 1024;) {
                int n = in.read(buffer);
                assertThat(n).isPositive();
                received += n;
            }
            gateway(ACCOUNT).when().get("/internal/v1/grants/" + once.grantId()).then().body("used", equalTo(1));
            socket.setSoLinger(true, 0); // a reset: the client is gone mid-body
        }
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> gateway(ACCOUNT).when()
                .get("/internal/v1/grants/" + once.grantId()).then().body("used", equalTo(0)));
        HttpResponse<byte[]> whole = HTTP.send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).hasSize(size);
        assertThat(get(uri.toString()).body()).contains("This URL has been used");
    }

    @Test
    void aSingleUseUploadIsAcceptedOnce_andARefusedUploadDoesNotSpendIt() {
        String bucket = bucketWithObject("g-put-once");
        String url = grantUrl("PUT", bucket, "once", policy(8, List.of(), true, 1));
        assertError(put(url, "far too long", null), 400, "EntityTooLarge");
        assertThat(put(url, "ok", null).statusCode()).isEqualTo(200);
        assertThat(put(url, "again", null).body()).contains("This URL has been used");
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("once")).asUtf8String()).isEqualTo("ok");
    }

    @Test
    void aUseLimitNoRecordedGrantHoldsIsUsedUp() {
        String bucket = bucketWithObject("g-unrecorded");
        String url = Signing.presignA("GET", bucket, "obj", uses(5).toQueryParameters());
        assertThat(get(url).body()).contains("This URL has been used");
    }

    @Test
    void urlsPresignedByTheSdkWithGrantParametersAreHeldToThem() {
        String bucket = bucketWithObject("g-sdk");
        GrantPolicy once = uses(1);
        GrantPolicy small = policy(4, List.of("text/plain"), false, GrantPolicy.UNLIMITED);
        Instant now = Instant.now();
        record(issued(once.grantId(), ACCOUNT, bucket, "obj", "GET", now, now.plusSeconds(600), "\"uses\":1"),
                issued(small.grantId(), ACCOUNT, bucket, "new", "PUT", now, now.plusSeconds(600),
                        "\"maxBytes\":4,\"overwrite\":false"));
        try (var presigner = S3Clients.presigner(FakeKeyService.KEY_A, FakeKeyService.SECRET_A)) {
            String download = presigner.presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(10))
                    .getObjectRequest(g -> g.bucket(bucket).key("obj").overrideConfiguration(o -> once
                            .toQueryParameters().forEach(o::putRawQueryParameter)))).url().toString();
            String upload = presigner.presignPutObject(p -> p.signatureDuration(Duration.ofMinutes(10))
                    .putObjectRequest(r -> r.bucket(bucket).key("new").overrideConfiguration(o -> small
                            .toQueryParameters().forEach(o::putRawQueryParameter)))).url().toString();
            assertThat(get(download).body()).isEqualTo("hello");
            assertThat(get(download).body()).contains("This URL has been used");
            assertError(put(upload, "12345", "text/plain"), 400, "EntityTooLarge");
            assertError(put(upload, "1234", "image/png"), 403, "AccessDenied");
            assertThat(put(upload, "1234", "text/plain").statusCode()).isEqualTo(200);
            assertError(put(upload, "4321", "text/plain"), 412, "PreconditionFailed");
        }
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("new")).asUtf8String()).isEqualTo("1234");
    }

    @Test
    void revokingOneGrantKeepsItsSiblingsWorking() {
        String bucket = bucketWithObject("g-revoke");
        GrantPolicy revoked = uses(GrantPolicy.UNLIMITED);
        String url = grantUrl("GET", bucket, "obj", revoked);
        String sibling = grantUrl("GET", bucket, "obj", uses(GrantPolicy.UNLIMITED));
        assertThat(get(url).statusCode()).isEqualTo(200);
        gateway(ACCOUNT).when().delete("/internal/v1/grants/" + revoked.grantId()).then().statusCode(204);
        HttpResponse<String> refused = get(url);
        assertError(refused, 403, "AccessDenied");
        assertThat(refused.body()).contains("This URL has been revoked");
        assertThat(get(sibling).body()).isEqualTo("hello");
    }

    @Test
    void anObjectRevocationKillsSigV4AndSigV2PresignedUrls_butNotHeaderAuthNorLaterUrls() {
        String bucket = bucketWithObject("g-takedown");
        s3.putObject(b -> b.bucket(bucket).key("other"), RequestBody.fromString("other"));
        String sigV4 = S3Clients.presigner(FakeKeyService.KEY_A, FakeKeyService.SECRET_A)
                .presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(10))
                        .getObjectRequest(g -> g.bucket(bucket).key("obj"))).url().toString();
        String withGrant = grantUrl("GET", bucket, "obj", uses(GrantPolicy.UNLIMITED));
        String sigV2 = Signing.presignV2("GET", bucket, "obj", Instant.now().getEpochSecond() + 600,
                FakeKeyService.KEY_A, FakeKeyService.SECRET_A);
        String otherKey = Signing.presignA("GET", bucket, "other", Map.of());
        for (String url : List.of(sigV4, withGrant, sigV2, otherKey)) {
            assertThat(get(url).statusCode()).as(url).isEqualTo(200);
        }
        gateway(ACCOUNT).contentType("application/json").body("{\"key\":\"obj\"}")
                .when().post("/internal/v1/buckets/" + bucket + "/revocations").then().statusCode(201);
        for (String url : List.of(sigV4, withGrant, sigV2)) {
            HttpResponse<String> refused = get(url);
            assertError(refused, 403, "AccessDenied");
            assertThat(refused.body()).contains("has been revoked");
        }
        assertThat(get(otherKey).statusCode()).isEqualTo(200);
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("obj")).asUtf8String()).isEqualTo("hello");
        // Signed after the revocation (X-Amz-Date has second precision): served.
        String later = Signing.presign("GET", bucket, "obj", Instant.now().plusSeconds(2), 600, FakeKeyService.KEY_A,
                FakeKeyService.SECRET_A, Map.of());
        assertThat(get(later).body()).isEqualTo("hello");
    }

    @Test
    void anEditedGrantParameterBreaksTheSignature() {
        String bucket = bucketWithObject("g-edit");
        String url = grantUrl("GET", bucket, "obj", uses(1));
        assertThat(url).contains("X-Edge-Uses=1");
        assertError(get(url.replace("X-Edge-Uses=1", "X-Edge-Uses=1000")), 403, "SignatureDoesNotMatch");
        String upload = grantUrl("PUT", bucket, "up", policy(16, List.of("image/png"), false, GrantPolicy.UNLIMITED));
        assertError(put(upload.replace("X-Edge-Max-Bytes=16", "X-Edge-Max-Bytes=1600"), "x", "image/png"), 403,
                "SignatureDoesNotMatch");
        assertError(put(upload.replace("&X-Edge-Overwrite=false", ""), "x", "image/png"), 403,
                "SignatureDoesNotMatch");
        assertThat(get(url).statusCode()).as("the edits spent no use").isEqualTo(200);
    }

    @Test
    void grantParametersOnSigV2OrHeaderAuthAreRefused() {
        String bucket = bucketWithObject("g-unsigned");
        String edge = "X-Edge-Grant=" + GrantPolicy.newGrantId() + "&X-Edge-Uses=1";
        String sigV2 = Signing.presignV2("GET", bucket, "obj", Instant.now().getEpochSecond() + 600,
                FakeKeyService.KEY_A, FakeKeyService.SECRET_A);
        HttpResponse<String> v2 = get(sigV2 + "&" + edge);
        assertError(v2, 400, "InvalidArgument");
        assertThat(v2.body()).contains("honoured only on SigV4 presigned URLs");

        URI uri = URI.create(S3Clients.endpoint() + "/" + bucket + "/obj?" + edge);
        assertError(send("GET", uri.toString(), null, Signing.headerAuth("GET", uri, "UNSIGNED-PAYLOAD")), 400,
                "InvalidArgument");
        assertError(get(uri.toString()), 400, "InvalidArgument");
    }

    @ParameterizedTest
    @ValueSource(strings = {"X-Edge-Uses=0", "X-Edge-Uses=01", "X-Edge-Max-Bytes=-1", "X-Edge-Max-Bytes=5368709121",
            "X-Edge-Content-Types=image", "X-Edge-Overwrite=true", "X-Edge-Other=1", "X-Edge-Grant=gr_nope"})
    void badGrantParametersAreInvalidArgument(String parameter) {
        String bucket = "g-bad";
        String name = parameter.substring(0, parameter.indexOf('='));
        Map<String, String> query = new LinkedHashMap<>();
        if (!name.equals(GrantPolicy.GRANT)) {
            query.put(GrantPolicy.GRANT, GrantPolicy.newGrantId());
        }
        query.put(name, parameter.substring(name.length() + 1));
        HttpResponse<String> r = get(Signing.presignA("GET", bucket, "obj", query));
        assertError(r, 400, "InvalidArgument");
        assertThat(r.body()).contains("<ArgumentName>" + name + "</ArgumentName>");
    }

    @Test
    void aGrantParameterGivenTwiceIsInvalidArgument() {
        String url = Signing.presignA("GET", "g-twice", "obj", uses(1).toQueryParameters());
        HttpResponse<String> r = get(url + "&X-Edge-Uses=2");
        assertError(r, 400, "InvalidArgument");
        assertThat(r.body()).contains("X-Edge-Uses is given more than once");
    }

    @Test
    void requestsWithoutGrantsAreUnaffected() {
        String bucket = bucketWithObject("g-plain");
        assertThat(get(Signing.presignA("GET", bucket, "obj", Map.of())).body()).isEqualTo("hello");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> s3.getObject(b -> b.bucket(bucket).key("none")))
                .isInstanceOf(NoSuchKeyException.class);
    }

    /** Runs {@code n} requests released at once; their results in any order. */
    static <T> List<T> race(int n, java.util.function.IntFunction<T> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    return request.apply(index);
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
