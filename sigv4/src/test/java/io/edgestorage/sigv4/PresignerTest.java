package io.edgestorage.sigv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Presigned URLs must equal AWS SDK for Java v2 {@code S3Presigner} byte for byte, and the URLs boto3 and
 * the JS SDK v3 produce for the same inputs (taken literally) must verify.
 */
class PresignerTest {

    static final String ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE";
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    static final String ENDPOINT = "http://127.0.0.1:9000";
    static final String HOST = "127.0.0.1:9000";
    static final Instant FIXED = Instant.parse("2024-05-01T12:00:00Z");

    private final Presigner presigner = new Presigner();
    private final SigV4Verifier verifier = SigV4Verifier.s3Defaults();

    // Generated once with AWS SDK for Java v2 2.57.8 S3Presigner (path-style, endpoint above); its clock was 2026-11-28.
    static Stream<Arguments> javaSdkUrls() {
        return Stream.of(
                Arguments.of("GET", "invoices/invoice-001.pdf", 900, Map.of(), Map.of(),
                        "http://127.0.0.1:9000/my-bucket/invoices/invoice-001.pdf?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20261128T182756Z&X-Amz-SignedHeaders=host&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20261128%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Expires=900&X-Amz-Signature=fbd695c0c073cc66c27c086b6cedde909a112760359f1f064eec34ee1a806736"),
                Arguments.of("PUT", "uploads/photo.jpg", 3600, Map.of("Content-Type", "image/jpeg"), Map.of(),
                        "http://127.0.0.1:9000/my-bucket/uploads/photo.jpg?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20261128T182757Z&X-Amz-SignedHeaders=content-type%3Bhost&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20261128%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Expires=3600&X-Amz-Signature=920e4c1e159030b1af131869fcf8554ce32a8a8658d6e181413b2e04103ed649"),
                Arguments.of("GET", "reports/q1 report.pdf", 604800, Map.of(),
                        Map.of("response-content-disposition", "attachment; filename=\"q1 report.pdf\""),
                        "http://127.0.0.1:9000/my-bucket/reports/q1%20report.pdf?response-content-disposition=attachment%3B%20filename%3D%22q1%20report.pdf%22&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20261128T182757Z&X-Amz-SignedHeaders=host&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20261128%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Expires=604800&X-Amz-Signature=1cd6683acca8876f00af7eff2e82d98f75c1bdb02ce05448be17b4e147f5f4d7"),
                Arguments.of("GET", "dir/a b+c~d!é(1).txt", 60, Map.of(), Map.of(),
                        "http://127.0.0.1:9000/my-bucket/dir/a%20b%2Bc~d%21%C3%A9%281%29.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20261128T182757Z&X-Amz-SignedHeaders=host&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20261128%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Expires=60&X-Amz-Signature=18d049473ebbfd3616a20fe5f4de3635c4efe80fb9fb09887c5d403bf6ae4fa7"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("javaSdkUrls")
    void presign_equalsJavaSdkS3PresignerUrlExactly(String method, String key, long expires,
            Map<String, String> headers, Map<String, String> query, String javaSdkUrl) {
        Instant timestamp = amzDateOf(javaSdkUrl);

        String url = presigner.presign(request(method, key, expires, timestamp, headers, query));

        assertThat(url).isEqualTo(javaSdkUrl);
    }

    // Generated with boto3 1.x / botocore 1.43.11, Config(signature_version='s3v4', addressing_style='path'), clock fixed at FIXED.
    static Stream<Arguments> boto3Urls() {
        return Stream.of(
                Arguments.of("GET", Map.of(), "http://127.0.0.1:9000/my-bucket/invoices/invoice-001.pdf?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20240501%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20240501T120000Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host&X-Amz-Signature=d162a98af67007ba8d39090c0a0faeb087065ccb9c90a576cdc00a08f56de002"),
                Arguments.of("PUT", Map.of("Content-Type", "image/jpeg"), "http://127.0.0.1:9000/my-bucket/uploads/photo.jpg?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20240501%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20240501T120000Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=content-type%3Bhost&X-Amz-Signature=b0e257f08dec3cc9cdb272ae58cfd465ed326cf70016cf4aacb1ac2be5ec151c"),
                Arguments.of("GET", Map.of(), "http://127.0.0.1:9000/my-bucket/reports/q1%20report.pdf?response-content-disposition=attachment%3B%20filename%3D%22q1%20report.pdf%22&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20240501%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20240501T120000Z&X-Amz-Expires=604800&X-Amz-SignedHeaders=host&X-Amz-Signature=e3a7ff0883696039e402dc579c140c148063d18eac1d74de5d65cb23cd2d6260"),
                Arguments.of("GET", Map.of(), "http://127.0.0.1:9000/my-bucket/dir/a%20b%2Bc~d%21%C3%A9%281%29.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20240501%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20240501T120000Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host&X-Amz-Signature=1d803c0e727c39fed00d0eb498009fba46a4ddddcdcbd650adde3dcb4c7149ec"));
    }

    // Generated with @aws-sdk/client-s3 + @aws-sdk/s3-request-presigner v3 (forcePathStyle, signingDate FIXED). Note the
    // SDK's own signed additions: x-id, X-Amz-Content-Sha256, x-amz-checksum-mode, and for PUT a CRC32 of the empty body.
    static Stream<Arguments> jsSdkUrls() {
        return Stream.of(
                Arguments.of("GET", Map.of(), "http://127.0.0.1:9000/my-bucket/invoices/invoice-001.pdf?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Content-Sha256=UNSIGNED-PAYLOAD&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20240501%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20240501T120000Z&X-Amz-Expires=900&X-Amz-Signature=74b4f5b520cfe20af06df9cb0b0da86a6c15c4bc7f6bd4498211d60b4a10a451&X-Amz-SignedHeaders=host&x-amz-checksum-mode=ENABLED&x-id=GetObject"),
                Arguments.of("PUT", Map.of("Content-Type", "image/jpeg"), "http://127.0.0.1:9000/my-bucket/uploads/photo.jpg?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Content-Sha256=UNSIGNED-PAYLOAD&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20240501%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20240501T120000Z&X-Amz-Expires=3600&X-Amz-Signature=72b8e0d2458a012d0a7d44df62b3bd6056610da88d5a0fc9a75037d8c29fc472&X-Amz-SignedHeaders=host&x-amz-checksum-crc32=AAAAAA%3D%3D&x-amz-sdk-checksum-algorithm=CRC32&x-id=PutObject"),
                Arguments.of("GET", Map.of(), "http://127.0.0.1:9000/my-bucket/reports/q1%20report.pdf?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Content-Sha256=UNSIGNED-PAYLOAD&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20240501%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20240501T120000Z&X-Amz-Expires=604800&X-Amz-Signature=a3187dfd6ec0bf25042ae8797a3e3e83e4c42ffb24ef5037bd626577ff140909&X-Amz-SignedHeaders=host&response-content-disposition=attachment%3B%20filename%3D%22q1%20report.pdf%22&x-amz-checksum-mode=ENABLED&x-id=GetObject"),
                Arguments.of("GET", Map.of(), "http://127.0.0.1:9000/my-bucket/dir/a%20b%2Bc~d%21%C3%A9%281%29.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Content-Sha256=UNSIGNED-PAYLOAD&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20240501%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20240501T120000Z&X-Amz-Expires=60&X-Amz-Signature=209099a223fc1249f27b64b91cc200da0db4cf1737327386619425098562ac6f&X-Amz-SignedHeaders=host&x-amz-checksum-mode=ENABLED&x-id=GetObject"));
    }

    @ParameterizedTest(name = "boto3 {0} {2}")
    @MethodSource("boto3Urls")
    void boto3PresignedUrl_takenLiterally_verifies(String method, Map<String, String> headers, String url) {
        assertVerifies(method, url, headers);
    }

    @ParameterizedTest(name = "js {0} {2}")
    @MethodSource("jsSdkUrls")
    void jsSdkPresignedUrl_takenLiterally_verifies(String method, Map<String, String> headers, String url) {
        assertVerifies(method, url, headers);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("javaSdkUrls")
    void javaSdkPresignedUrl_takenLiterally_verifies(String method, String key, long expires,
            Map<String, String> headers, Map<String, String> query, String url) {
        assertVerifies(method, url, headers);
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("boto3Urls")
    void presign_signsTheSameAsBoto3_forTheSameInputs(String method, Map<String, String> headers, String botoUrl) {
        URI uri = URI.create(botoUrl);
        String key = uri.getPath().substring("/my-bucket/".length());
        Map<String, String> query = botoUrl.contains("response-content-disposition")
                ? Map.of("response-content-disposition", "attachment; filename=\"q1 report.pdf\"") : Map.of();
        long expires = Long.parseLong(botoUrl.replaceAll(".*X-Amz-Expires=(\\d+).*", "$1"));

        String ours = presigner.presign(request(method, key, expires, FIXED, headers, query));

        // boto3 orders the parameters differently; the signature is order-independent and must be identical.
        assertThat(signatureOf(ours)).isEqualTo(signatureOf(botoUrl));
    }

    @Test
    void presign_equalsLiveJavaSdkPresigner_forRandomKeysAndHeaders() {
        Random random = new Random(42);
        try (S3Presigner sdk = sdkPresigner()) {
            for (int i = 0; i < 40; i++) {
                String key = randomKey(random);
                long expires = 1 + random.nextInt(604_800);
                boolean put = random.nextBoolean();
                String contentType = "application/x-" + random.nextInt(1000);
                String disposition = "inline; filename=\"" + randomKey(random) + "\"";
                String sdkUrl = put
                        ? sdk.presignPutObject(r -> r.signatureDuration(Duration.ofSeconds(expires))
                                .putObjectRequest(p -> p.bucket("bkt-" + 7).key(key).contentType(contentType))).url().toString()
                        : sdk.presignGetObject(r -> r.signatureDuration(Duration.ofSeconds(expires))
                                .getObjectRequest(g -> g.bucket("bkt-" + 7).key(key).responseContentDisposition(disposition))).url().toString();
                PresignRequest ours = PresignRequest.builder().method(put ? "PUT" : "GET").endpoint(ENDPOINT)
                        .bucket("bkt-7").key(key).expiresSeconds(expires).timestamp(amzDateOf(sdkUrl))
                        .accessKeyId(ACCESS_KEY).signingKey(keyFor(amzDateOf(sdkUrl)))
                        .signedHeaders(put ? Map.of("Content-Type", contentType) : Map.of())
                        .extraQueryParameters(put ? Map.of() : Map.of("response-content-disposition", disposition))
                        .build();

                assertThat(presigner.presign(ours)).as("key %s", key).isEqualTo(sdkUrl);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, 604_801, Long.MAX_VALUE})
    void presign_withExpiryOutsideOneSecondToSevenDays_isIllegalArgument(long expires) {
        assertThatThrownBy(() -> request("GET", "k", expires, FIXED, Map.of(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void presign_withExpiryOfExactlyOneSecondOrSevenDays_isAccepted() {
        assertThat(presigner.presign(request("GET", "k", 1, FIXED, Map.of(), Map.of()))).contains("X-Amz-Expires=1&");
        assertThat(presigner.presign(request("GET", "k", 604_800, FIXED, Map.of(), Map.of()))).contains("X-Amz-Expires=604800&");
    }

    @Test
    void presign_withSigningKeyOfAnotherDay_isIllegalArgument() {
        assertThatThrownBy(() -> PresignRequest.builder().endpoint(ENDPOINT).bucket("b").key("k").timestamp(FIXED)
                .accessKeyId(ACCESS_KEY).signingKey(keyFor(FIXED.plus(Duration.ofDays(1)))).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void presignedUrl_verifiesUntilItsLastSecond_andIsExpiredAfter() {
        String url = presigner.presign(request("GET", "a/b.txt", 900, FIXED, Map.of(), Map.of()));
        SimpleHttpRequest http = httpRequest("GET", url, Map.of());

        assertThat(verifier.verify(verifier.parse(http, FIXED.plusSeconds(900)), http, keyFor(FIXED)).isVerified()).isTrue();
        assertThat(verifier.parse(http, FIXED.plusSeconds(901))).isEqualTo(Verification.Rejected.of(AuthFailure.EXPIRED));
    }

    @Test
    void sevenDayUrl_isNotSubjectToClockSkew_onItsLastDay() {
        String url = presigner.presign(request("GET", "k", 604_800, FIXED, Map.of(), Map.of()));
        SimpleHttpRequest http = httpRequest("GET", url, Map.of());

        Verification result = verifier.verify(verifier.parse(http, FIXED.plus(Duration.ofDays(7))), http, keyFor(FIXED));

        assertThat(result.isVerified()).isTrue();
    }

    private void assertVerifies(String method, String url, Map<String, String> headers) {
        SimpleHttpRequest http = httpRequest(method, url, headers);
        Instant timestamp = amzDateOf(url);
        ParsedAuth parsed = verifier.parse(http, timestamp.plusSeconds(30));
        Verification result = verifier.verify(parsed, http, keyFor(timestamp));
        assertThat(result).as("%s", result).isInstanceOf(Verification.Verified.class);
    }

    static SimpleHttpRequest httpRequest(String method, String url, Map<String, String> headers) {
        URI uri = URI.create(url);
        SimpleHttpRequest.Builder b = SimpleHttpRequest.builder().method(method).rawPath(uri.getRawPath())
                .rawQuery(uri.getRawQuery()).header("Host", uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()));
        headers.forEach(b::header);
        return b.build();
    }

    static Instant amzDateOf(String url) {
        return SigV4.parseAmzDate(url.replaceAll(".*X-Amz-Date=([0-9TZ]+).*", "$1"));
    }

    static String signatureOf(String url) {
        return url.replaceAll(".*X-Amz-Signature=([0-9a-f]+).*", "$1");
    }

    static SigningKey keyFor(Instant timestamp) {
        return SigningKey.derive(SECRET, CredentialScope.of(timestamp, "us-east-1", "s3"));
    }

    static PresignRequest request(String method, String key, long expires, Instant timestamp,
            Map<String, String> headers, Map<String, String> query) {
        return PresignRequest.builder().method(method).endpoint(ENDPOINT).bucket("my-bucket").key(key)
                .expiresSeconds(expires).timestamp(timestamp).accessKeyId(ACCESS_KEY).signingKey(keyFor(timestamp))
                .signedHeaders(headers).extraQueryParameters(query).build();
    }

    static S3Presigner sdkPresigner() {
        return S3Presigner.builder().endpointOverride(URI.create(ENDPOINT)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET)))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()).build();
    }

    private static String randomKey(Random random) {
        String alphabet = "abcXYZ019 -_.~!*'()+,;=:@&$/%#?[]éü漢😀";
        StringBuilder sb = new StringBuilder();
        int length = 1 + random.nextInt(24);
        for (int i = 0; i < length; i++) {
            sb.appendCodePoint(alphabet.codePoints().toArray()[random.nextInt((int) alphabet.codePoints().count())]);
        }
        String key = sb.toString();
        // Keys the Java SDK itself rewrites (leading slash, dot segments) are not a like-for-like comparison.
        return key.startsWith("/") || key.contains("/.") || key.startsWith(".") || key.contains("//") ? "k" + key.replace("/", "_") : key;
    }
}
