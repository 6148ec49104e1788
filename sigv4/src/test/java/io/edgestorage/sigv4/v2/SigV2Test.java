package io.edgestorage.sigv4.v2;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import io.edgestorage.sigv4.AuthFailure;
import io.edgestorage.sigv4.AuthLocation;
import io.edgestorage.sigv4.QueryParameters;
import io.edgestorage.sigv4.SimpleHttpRequest;

/**
 * SigV2 against what botocore 1.43.11 produces with the seed's own client (no signature_version, custom
 * endpoint): generate_presigned_url yields SigV2 query auth, HmacV1Auth the header form.
 */
class SigV2Test {

    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final Instant T = Instant.ofEpochSecond(1_714_564_800L); // 2024-05-01T12:00:00Z, boto3's clock
    private final SigV2Verifier verifier = new SigV2Verifier();

    static Stream<Arguments> boto3Urls() {
        return Stream.of(
                Arguments.of("PUT", Map.of("Content-Type", "image/jpeg"), "http://127.0.0.1:9000/my-bucket/uploads/photo.jpg?AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Signature=xRKr3qJPhF6J2g%2BoY1GBOAVk%2Fuc%3D&content-type=image%2Fjpeg&Expires=1714568400"),
                Arguments.of("PUT", Map.of(), "http://127.0.0.1:9000/my-bucket/uploads/photo.jpg?AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Signature=xRKr3qJPhF6J2g%2BoY1GBOAVk%2Fuc%3D&content-type=image%2Fjpeg&Expires=1714568400"),
                Arguments.of("GET", Map.of(), "http://127.0.0.1:9000/my-bucket/invoices/invoice-001.pdf?AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Signature=rNk7NHSeeasJ1UCFI8l1Wcvubis%3D&Expires=1714565700"),
                Arguments.of("GET", Map.of(), "http://127.0.0.1:9000/my-bucket/reports/q1%20report.pdf?response-content-disposition=attachment%3B%20filename%3D%22q1%20report.pdf%22&versionId=v1&AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Signature=qefJL0%2F5W1%2FHNmj%2Fwhg3YEyMD7w%3D&Expires=1714565400"),
                Arguments.of("PUT", Map.of("Content-Type", "text/plain", "x-amz-meta-owner", "Ann"), "http://127.0.0.1:9000/my-bucket/a%20b/%C3%BC.txt?AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Signature=8H%2BctK5nban82zct5hLIGOUioxQ%3D&content-type=text%2Fplain&x-amz-meta-owner=Ann&Expires=1714564860"));
    }

    @ParameterizedTest(name = "{0} {2} headers={1}")
    @MethodSource("boto3Urls")
    void boto3SigV2PresignedUrl_verifies(String method, Map<String, String> headers, String url) {
        SigV2ParseResult parsed = verifier.parse(request(method, url, headers), T);

        assertThat(parsed).isInstanceOf(SigV2Auth.class);
        SigV2Auth auth = (SigV2Auth) parsed;
        assertThat(auth.accessKeyId()).isEqualTo("AKIAIOSFODNN7EXAMPLE");
        assertThat(auth.location()).isEqualTo(AuthLocation.QUERY);
        assertThat(SigV2.verify(SECRET, auth.stringToSign(), auth.signature())).isTrue();
    }

    @Test
    void boto3PutUrl_stringToSign_isMethodMd5TypeExpiresResource() {
        SigV2Auth auth = (SigV2Auth) verifier.parse(request("PUT", (String) boto3Urls().findFirst().get().get()[2],
                Map.of("Content-Type", "image/jpeg")), T);

        assertThat(auth.stringToSign()).isEqualTo("PUT\n\nimage/jpeg\n1714568400\n/my-bucket/uploads/photo.jpg");
    }

    @Test
    void sigV2Url_usedWithAnotherMethodOrPath_failsTheHmac() {
        String url = (String) boto3Urls().skip(2).findFirst().get().get()[2];
        SigV2Auth otherMethod = (SigV2Auth) verifier.parse(request("DELETE", url, Map.of()), T);
        SigV2Auth otherPath = (SigV2Auth) verifier.parse(request("GET", url.replace("invoice-001", "invoice-002"), Map.of()), T);

        assertThat(SigV2.verify(SECRET, otherMethod.stringToSign(), otherMethod.signature())).isFalse();
        assertThat(SigV2.verify(SECRET, otherPath.stringToSign(), otherPath.signature())).isFalse();
    }

    @Test
    void sigV2Url_afterExpires_isExpiredAccessDenied() {
        String url = (String) boto3Urls().skip(2).findFirst().get().get()[2];

        SigV2ParseResult parsed = verifier.parse(request("GET", url, Map.of()), Instant.ofEpochSecond(1_714_565_701L));

        assertThat(parsed).isEqualTo(new SigV2Rejected(AuthFailure.EXPIRED, null));
        assertThat(AuthFailure.EXPIRED.code()).isEqualTo("AccessDenied");
    }

    @ParameterizedTest(name = "Expires = T + {0} s")
    @CsvSource({"605701", "31536000", "4102444800", "9223372036854775807"})
    void sigV2Url_expiringMoreThanSevenDaysAhead_isRefused(long secondsAhead) {
        long expires = secondsAhead > 4_000_000_000L ? secondsAhead : T.getEpochSecond() + secondsAhead;
        String url = "http://127.0.0.1:9000/my-bucket/k?AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Signature=x&Expires=" + expires;

        SigV2ParseResult parsed = verifier.parse(request("GET", url, Map.of()), T);

        assertThat(parsed).isInstanceOf(SigV2Rejected.class);
        assertThat(((SigV2Rejected) parsed).failure()).isEqualTo(AuthFailure.EXPIRES_TOO_LONG);
        assertThat(AuthFailure.EXPIRES_TOO_LONG.code()).isEqualTo("AuthorizationQueryParametersError");
    }

    @Test
    void sigV2Url_ofSevenDays_fromASignerUpToFifteenMinutesAhead_isAccepted() {
        long expires = T.getEpochSecond() + 604_800 + 15 * 60;
        String url = "http://127.0.0.1:9000/my-bucket/k?AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Signature=x&Expires=" + expires;

        assertThat(verifier.parse(request("GET", url, Map.of()), T)).isInstanceOf(SigV2Auth.class);
    }

    @Test
    void sigV2Url_withoutExpires_isMissingParameter() {
        SigV2ParseResult parsed = verifier.parse(request("GET",
                "http://127.0.0.1:9000/b/k?AWSAccessKeyId=AK&Signature=abc%3D", Map.of()), T);

        assertThat(((SigV2Rejected) parsed).failure()).isEqualTo(AuthFailure.SIGV2_MISSING_QUERY_PARAMETER);
    }

    @Test
    void boto3HmacV1HeaderAuth_verifies() {
        SimpleHttpRequest request = SimpleHttpRequest.builder().method("PUT").target("/my-bucket/photos/cat.jpg?acl")
                .header("Host", "127.0.0.1:9000").header("Content-Type", "image/jpeg")
                .header("Content-MD5", "1B2M2Y8AsgTpgAmY7PhCfg==").header("x-amz-meta-owner", "Ann")
                .header("X-Amz-Acl", "public-read").header("Date", "Wed, 01 May 2024 12:00:00 GMT")
                .header("Authorization", "AWS AKIAIOSFODNN7EXAMPLE:2alkOVK1cMVm1J1Xgcfb5Tg9Iqo=").build();

        SigV2Auth auth = (SigV2Auth) verifier.parse(request, T.plusSeconds(60));

        assertThat(auth.location()).isEqualTo(AuthLocation.HEADER);
        assertThat(auth.stringToSign()).isEqualTo("PUT\n1B2M2Y8AsgTpgAmY7PhCfg==\nimage/jpeg\nWed, 01 May 2024 12:00:00 GMT\n"
                + "x-amz-acl:public-read\nx-amz-meta-owner:Ann\n/my-bucket/photos/cat.jpg?acl");
        assertThat(SigV2.verify(SECRET, auth.stringToSign(), auth.signature())).isTrue();
    }

    @Test
    void headerAuth_sixteenMinutesOff_isClockSkew() {
        SimpleHttpRequest request = SimpleHttpRequest.builder().method("GET").target("/b/k")
                .header("Date", "Wed, 01 May 2024 12:00:00 GMT").header("Authorization", "AWS AK:c2ln").build();

        assertThat(((SigV2Rejected) verifier.parse(request, T.plusSeconds(16 * 60))).failure()).isEqualTo(AuthFailure.CLOCK_SKEW);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/b/k|                                   |/b/k",
        "/b/k|acl                                |/b/k?acl",
        "/b/k|uploadId=x%2Fy&partNumber=2&foo=1  |/b/k?partNumber=2&uploadId=x/y",
        "/b/k|response-content-type=text%2Fplain&X-Amz-Foo=1|/b/k?response-content-type=text/plain",
        "/b/a%20b|versionId=&tagging             |/b/a%20b?tagging&versionId=",
        "/b/k|response%2Dcontent%2Dtype=text%2Fhtml|/b/k?response-content-type=text/html",
        "/b/k|%75ploads&%75ploadId=1&%70artNumber=2|/b/k?partNumber=2&uploadId=1&uploads",
        "/b/k|x=1;response-content-type=text/html|/b/k",
        "/b/k|UPLOADS&Response-Content-Type=a    |/b/k",
        "/b/k|response-content-type=a+b%2Bc      |/b/k?response-content-type=a b+c",
        "''  |                                   |/"})
    void canonicalizedResource_keepsPathAsSent_andSortedSubResources(String path, String query, String expected) {
        assertThat(SigV2.canonicalizedResource(path, query == null ? null : query.trim())).isEqualTo(expected);
    }

    @Test
    void virtualHostRequest_signsTheBucketOfTheHost() {
        QueryParameters acl = QueryParameters.parse("acl");

        assertThat(SigV2.canonicalizedResource("photos", "/puppy.jpg", QueryParameters.parse(null))).isEqualTo("/photos/puppy.jpg");
        assertThat(SigV2.canonicalizedResource("photos", "/", acl)).isEqualTo("/photos/?acl");
        assertThat(SigV2.canonicalizedResource(null, "/photos/puppy.jpg", acl)).isEqualTo("/photos/puppy.jpg?acl");
    }

    @Test
    void virtualHostUrl_replayedAgainstAnotherBucket_failsTheHmac() {
        long expires = T.getEpochSecond() + 300;
        String signature = SigV2.sign(SECRET, "GET\n\n\n" + expires + "\n/photos/puppy.jpg");
        SimpleHttpRequest request = SimpleHttpRequest.builder().method("GET").target("/puppy.jpg?AWSAccessKeyId=AK&Expires="
                + expires + "&Signature=" + java.net.URLEncoder.encode(signature, java.nio.charset.StandardCharsets.UTF_8)).build();

        SigV2Auth own = (SigV2Auth) verifier.parse(request, "photos", T);
        SigV2Auth other = (SigV2Auth) verifier.parse(request, "invoices", T);

        assertThat(SigV2.verify(SECRET, own.stringToSign(), own.signature())).isTrue();
        assertThat(SigV2.verify(SECRET, other.stringToSign(), other.signature())).isFalse();
    }

    @ParameterizedTest(name = "{0} ({1}) -> {2}")
    @CsvSource(delimiter = '|', value = {
        "/b      |     |cors |/b/?cors",
        "/b/     |     |     |/b",
        "/       |b    |acl  |/b?acl",
        "''      |b    |     |/b",
        "/k      |b    |     |",
        "/b/k    |     |     |",
        "/b/k/   |     |     |",
        "/b//    |     |     |",
        "/       |     |     |",
        "''      |     |     |"})
    void bucketResourceVariant_togglesOnlyTheBucketsTrailingSlash(String path, String hostBucket, String query,
            String expected) {
        assertThat(SigV2.bucketResourceVariant(hostBucket, path, QueryParameters.parse(query))).isEqualTo(expected);
    }

    /** botocore's HmacV1 signs a path-style bucket request as {@code /bucket/} and sends {@code /bucket}. */
    @Test
    void botocoreBucketRequest_signedWithTheTrailingSlash_offersThatStringToSign() {
        String date = "Wed, 01 May 2024 12:00:00 GMT";
        String signature = SigV2.sign(SECRET, "PUT\n\n\n" + date + "\n/my-bucket/?cors");
        SimpleHttpRequest request = SimpleHttpRequest.builder().method("PUT").target("/my-bucket?cors")
                .header("Date", date).header("Authorization", "AWS AKIAIOSFODNN7EXAMPLE:" + signature).build();

        SigV2Auth auth = (SigV2Auth) verifier.parse(request, T);

        assertThat(auth.stringToSign()).endsWith("\n/my-bucket?cors");
        assertThat(SigV2.verify(SECRET, auth.stringToSign(), auth.signature())).isFalse();
        assertThat(SigV2.verify(SECRET, auth.bucketVariant(), auth.signature())).isTrue();
        SigV2Auth object = (SigV2Auth) verifier.parse(SimpleHttpRequest.builder().method("PUT").target("/my-bucket/k")
                .header("Date", date).header("Authorization", "AWS AKIAIOSFODNN7EXAMPLE:" + signature).build(), T);
        assertThat(object.bucketVariant()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "response-content-disposition=a%26uploads|response-content-disposition",
        "response-content-type=x%26response-content-type%3Dtext%2Fhtml|response-content-type",
        "versionId=1%26uploadId%3D2|versionId"})
    void subResourceValue_thatWouldSignLikeAnotherSubResource_isRefused(String query, String named) {
        SigV2ParseResult parsed = verifier.parse(SimpleHttpRequest.builder().method("GET")
                .target("/b/k?" + query + "&AWSAccessKeyId=AK&Expires=" + (T.getEpochSecond() + 60) + "&Signature=c2ln").build(), T);

        assertThat(parsed).isInstanceOfSatisfying(SigV2Rejected.class, r -> {
            assertThat(r.failure()).isEqualTo(AuthFailure.SIGV2_MALFORMED);
            assertThat(r.message()).contains(named);
        });
    }

    @Test
    void subResourceValue_withAnAmpersandBeforeAnythingElse_isSigned() {
        SigV2ParseResult parsed = verifier.parse(SimpleHttpRequest.builder().method("GET").target(
                "/b/k?response-content-disposition=attachment%3B%20filename%3DQ%26A.pdf&AWSAccessKeyId=AK&Expires="
                        + (T.getEpochSecond() + 60) + "&Signature=c2ln").build(), T);

        assertThat(((SigV2Auth) parsed).stringToSign()).endsWith("/b/k?response-content-disposition=attachment; filename=Q&A.pdf");
    }

    @Test
    void sign_isBase64HmacSha1() {
        // RFC 2202 test case 2: key "Jefe", data "what do ya want for nothing?".
        assertThat(SigV2.sign("Jefe", "what do ya want for nothing?")).isEqualTo("7/zfauXrL6LSdBbV8YTfnCWafHk=");
    }

    private static SimpleHttpRequest request(String method, String url, Map<String, String> headers) {
        URI uri = URI.create(url);
        SimpleHttpRequest.Builder b = SimpleHttpRequest.builder().method(method).rawPath(uri.getRawPath())
                .rawQuery(uri.getRawQuery()).header("Host", uri.getHost() + ":" + uri.getPort());
        headers.forEach(b::header);
        return b.build();
    }
}
