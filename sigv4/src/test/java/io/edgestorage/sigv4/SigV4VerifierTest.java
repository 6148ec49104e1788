package io.edgestorage.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.edgestorage.sigv4.Verification.Rejected;
import io.edgestorage.sigv4.Verification.Verified;

/** Named edge cases of query and header auth, each with its one expected failure. */
class SigV4VerifierTest {

    private static final Instant T = PresignerTest.FIXED;
    private static final SigningKey KEY = PresignerTest.keyFor(T);
    private static final SigV4Verifier VERIFIER = SigV4Verifier.s3Defaults();
    private static final String URL = new Presigner().presign(PresignerTest.request("PUT", "photos/cat 1.jpg", 3600, T,
            Map.of("Content-Type", "image/jpeg"), Map.of()));

    private static SimpleHttpRequest presigned() {
        return PresignerTest.httpRequest("PUT", URL, Map.of("Content-Type", "image/jpeg"));
    }

    private static String query() {
        return presigned().rawQuery();
    }

    private static SimpleHttpRequest withQuery(String query) {
        return presigned().toBuilder().rawQuery(query).build();
    }

    /** A header-auth PUT signed here, with x-amz-content-sha256 and x-amz-date. */
    static SimpleHttpRequest headerSigned(Instant time, String payload) {
        SimpleHttpRequest unsigned = SimpleHttpRequest.builder().method("PUT").rawPath("/my-bucket/a.txt")
                .header("Host", PresignerTest.HOST).header("x-amz-date", SigV4.formatAmzDate(time))
                .header("x-amz-content-sha256", payload).build();
        return sign(unsigned, time, java.util.List.of("host", "x-amz-content-sha256", "x-amz-date"));
    }

    static SimpleHttpRequest sign(SimpleHttpRequest unsigned, Instant time, java.util.List<String> signedHeaders) {
        SigningKey key = PresignerTest.keyFor(time);
        String creq = SigV4.canonicalRequest(unsigned.method(), SigV4.canonicalUri(unsigned.rawPath()),
                SigV4.canonicalQuery(unsigned.rawQuery(), false), SigV4.canonicalHeaders(unsigned, signedHeaders),
                SigV4.signedHeadersLine(signedHeaders), unsigned.firstHeader("x-amz-content-sha256"));
        String signature = key.signHex(SigV4.stringToSign(SigV4.formatAmzDate(time), key.scope(), creq));
        return unsigned.toBuilder().header("Authorization", SigV4.ALGORITHM + " Credential=" + PresignerTest.ACCESS_KEY
                + "/" + key.scope() + ", SignedHeaders=" + String.join(";", signedHeaders) + ", Signature=" + signature).build();
    }

    static Stream<Arguments> rejectedPresignedRequests() {
        return Stream.of(
                named("no auth at all", PresignerTest.httpRequest("GET", "http://127.0.0.1:9000/b/k", Map.of()), T, AuthFailure.MISSING_AUTHENTICATION),
                named("header and query auth together", presigned().toBuilder().header("Authorization", "AWS4-HMAC-SHA256 x").build(), T, AuthFailure.MULTIPLE_AUTH_MECHANISMS),
                named("SigV4a algorithm", withQuery(query().replace("AWS4-HMAC-SHA256", "AWS4-ECDSA-P256-SHA256")), T, AuthFailure.UNSUPPORTED_ALGORITHM),
                named("X-Amz-Credential missing", withQuery(query().replaceAll("X-Amz-Credential=[^&]*&", "")), T, AuthFailure.MISSING_QUERY_PARAMETER),
                named("X-Amz-Signature missing", withQuery(query().replaceAll("&X-Amz-Signature=[^&]*", "")), T, AuthFailure.MISSING_QUERY_PARAMETER),
                named("X-Amz-Date missing", withQuery(query().replaceAll("X-Amz-Date=[^&]*&", "")), T, AuthFailure.MISSING_QUERY_PARAMETER),
                named("X-Amz-Expires missing", withQuery(query().replaceAll("X-Amz-Expires=[^&]*&", "")), T, AuthFailure.MISSING_QUERY_PARAMETER),
                named("X-Amz-SignedHeaders missing", withQuery(query().replaceAll("X-Amz-SignedHeaders=[^&]*&", "")), T, AuthFailure.MISSING_QUERY_PARAMETER),
                named("X-Amz-Signature twice", withQuery(query() + "&X-Amz-Signature=" + "0".repeat(64)), T, AuthFailure.MALFORMED_QUERY),
                named("credential without scope", withQuery(query().replaceAll("X-Amz-Credential=[^&]*", "X-Amz-Credential=AKID")), T, AuthFailure.MALFORMED_QUERY),
                named("credential date not yyyyMMdd", withQuery(query().replace("%2F20240501%2F", "%2F2024-5-1%2F")), T, AuthFailure.MALFORMED_QUERY),
                named("X-Amz-Date not ISO basic", withQuery(query().replace("X-Amz-Date=20240501T120000Z", "X-Amz-Date=2024-05-01T12:00:00Z")), T, AuthFailure.MALFORMED_QUERY),
                named("X-Amz-Date month 13", withQuery(query().replace("X-Amz-Date=20240501T120000Z", "X-Amz-Date=20241301T120000Z")), T, AuthFailure.MALFORMED_QUERY),
                named("X-Amz-Expires not a number", withQuery(query().replace("X-Amz-Expires=3600", "X-Amz-Expires=1h")), T, AuthFailure.MALFORMED_QUERY),
                named("X-Amz-Expires zero", withQuery(query().replace("X-Amz-Expires=3600", "X-Amz-Expires=0")), T, AuthFailure.EXPIRED),
                named("X-Amz-Expires negative", withQuery(query().replace("X-Amz-Expires=3600", "X-Amz-Expires=-5")), T, AuthFailure.EXPIRES_NEGATIVE),
                named("X-Amz-Expires over seven days", withQuery(query().replace("X-Amz-Expires=3600", "X-Amz-Expires=604801")), T, AuthFailure.EXPIRES_TOO_LONG),
                named("region not accepted", withQuery(query().replace("us-east-1", "eu-west-1")), T, AuthFailure.SCOPE_MISMATCH),
                named("service not s3", withQuery(query().replace("%2Fs3%2F", "%2Fiam%2F")), T, AuthFailure.SCOPE_MISMATCH),
                named("terminator not aws4_request", withQuery(query().replace("aws4_request", "aws5_request")), T, AuthFailure.SCOPE_MISMATCH),
                named("credential day differs from X-Amz-Date", withQuery(query().replace("%2F20240501%2F", "%2F20240502%2F")), T, AuthFailure.SCOPE_MISMATCH),
                named("used one second after expiry", presigned(), T.plusSeconds(3601), AuthFailure.EXPIRED),
                named("used an hour before X-Amz-Date", presigned(), T.minus(Duration.ofHours(1)), AuthFailure.NOT_YET_VALID),
                named("used 16 minutes before X-Amz-Date", presigned(), T.minus(Duration.ofMinutes(16)), AuthFailure.NOT_YET_VALID),
                named("extra query parameter, name percent-encoded", withQuery(query() + "&response%2Dcontent%2Dtype=text%2Fhtml"), T, AuthFailure.SIGNATURE_MISMATCH),
                named("extra query parameter behind ';' in an added one", withQuery(query() + "&x=1;response-content-type=text%2Fhtml"), T, AuthFailure.SIGNATURE_MISMATCH),
                named("host not signed", withQuery(query().replace("content-type%3Bhost", "content-type")), T, AuthFailure.HOST_NOT_SIGNED),
                named("signed content-type not sent", presigned().toBuilder().setHeader("Content-Type").build(), T, AuthFailure.SIGNED_HEADER_MISSING),
                named("upper-case signed header name", withQuery(query().replace("content-type%3Bhost", "Content-Type%3Bhost")), T, AuthFailure.MALFORMED_QUERY),
                named("unsigned x-amz header sent", presigned().toBuilder().header("x-amz-meta-owner", "mallory").build(), T, AuthFailure.HEADERS_NOT_SIGNED),
                named("signature not hex", withQuery(query().replaceAll("X-Amz-Signature=[^&]*", "X-Amz-Signature=" + "z".repeat(64))), T, AuthFailure.MALFORMED_QUERY),
                named("streaming payload in a presigned URL", withQuery(query() + "&X-Amz-Content-Sha256=STREAMING-AWS4-HMAC-SHA256-PAYLOAD"), T, AuthFailure.INVALID_CONTENT_SHA256),
                named("wrong signature", withQuery(query().replaceAll("X-Amz-Signature=[^&]*", "X-Amz-Signature=" + "0".repeat(64))), T, AuthFailure.SIGNATURE_MISMATCH),
                named("method changed", presigned().toBuilder().method("GET").build(), T, AuthFailure.SIGNATURE_MISMATCH),
                named("other object", presigned().toBuilder().rawPath("/my-bucket/photos/cat%202.jpg").build(), T, AuthFailure.SIGNATURE_MISMATCH),
                named("other host", presigned().toBuilder().setHeader("Host", "evil.example:9000").build(), T, AuthFailure.SIGNATURE_MISMATCH),
                named("other content-type", presigned().toBuilder().setHeader("Content-Type", "text/html").build(), T, AuthFailure.SIGNATURE_MISMATCH),
                named("extra query parameter", withQuery(query() + "&response-content-type=text%2Fhtml"), T, AuthFailure.SIGNATURE_MISMATCH),
                named("expiry extended", withQuery(query().replace("X-Amz-Expires=3600", "X-Amz-Expires=7200")), T, AuthFailure.SIGNATURE_MISMATCH),
                named("header auth 16 minutes old", headerSigned(T.minus(Duration.ofMinutes(16)), SigV4.EMPTY_BODY_SHA256), T, AuthFailure.CLOCK_SKEW),
                named("header auth 16 minutes ahead", headerSigned(T.plus(Duration.ofMinutes(16)), SigV4.EMPTY_BODY_SHA256), T, AuthFailure.CLOCK_SKEW),
                named("header auth without x-amz-content-sha256", headerSigned(T, SigV4.EMPTY_BODY_SHA256).toBuilder().setHeader("x-amz-content-sha256").build(), T, AuthFailure.SIGNED_HEADER_MISSING),
                named("header auth with bogus x-amz-content-sha256", headerSigned(T, "NOT-A-HASH"), T, AuthFailure.INVALID_CONTENT_SHA256),
                named("header auth without date", headerSigned(T, SigV4.EMPTY_BODY_SHA256).toBuilder().setHeader("x-amz-date").build(), T, AuthFailure.MISSING_DATE),
                named("header auth missing Signature", headerSigned(T, SigV4.EMPTY_BODY_SHA256).toBuilder().setHeader("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20240501/us-east-1/s3/aws4_request, SignedHeaders=host").build(), T, AuthFailure.MALFORMED_HEADER),
                named("header auth SigV2 scheme", headerSigned(T, SigV4.EMPTY_BODY_SHA256).toBuilder().setHeader("Authorization", "AWS AKID:c2ln").build(), T, AuthFailure.UNSUPPORTED_ALGORITHM),
                named("header auth two Authorization headers", headerSigned(T, SigV4.EMPTY_BODY_SHA256).toBuilder().header("Authorization", "AWS4-HMAC-SHA256 x").build(), T, AuthFailure.MALFORMED_HEADER));
    }

    private static Arguments named(String name, SimpleHttpRequest request, Instant now, AuthFailure expected) {
        return Arguments.of(name, request, now, expected);
    }

    @ParameterizedTest(name = "{0} -> {3}")
    @MethodSource("rejectedPresignedRequests")
    void request_isRejectedWithItsOneDistinctFailure(String name, SimpleHttpRequest request, Instant now, AuthFailure expected) {
        Verification result = VERIFIER.verify(VERIFIER.parse(request, now), request, KEY);

        assertThat(result).isInstanceOf(Rejected.class);
        assertThat(((Rejected) result).failure()).isEqualTo(expected);
    }

    @Test
    void presignedUrl_datedUpToFifteenMinutesAhead_isUsable_soItLivesAtMostSevenDaysAndFifteenMinutes() {
        SimpleHttpRequest sevenDays = PresignerTest.httpRequest("GET", new Presigner().presign(
                PresignerTest.request("GET", "k", 604_800, T, Map.of(), Map.of())), Map.of());

        assertThat(VERIFIER.verify(VERIFIER.parse(sevenDays, T.minus(Duration.ofMinutes(15))), sevenDays, KEY).isVerified()).isTrue();
        assertThat(VERIFIER.verify(VERIFIER.parse(sevenDays, T.plusSeconds(604_800)), sevenDays, KEY).isVerified()).isTrue();
        assertThat(VERIFIER.parse(sevenDays, T.plusSeconds(604_801))).isEqualTo(Rejected.of(AuthFailure.EXPIRED));
        assertThat(VERIFIER.parse(sevenDays, T.minus(Duration.ofMinutes(15)).minusSeconds(1)))
                .isEqualTo(Rejected.of(AuthFailure.NOT_YET_VALID));
    }

    @Test
    void futureTolerance_beyondTheSkewWindow_cannotBeConfigured() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> SigV4Verifier.builder().presignedFutureTolerance(Duration.ofMinutes(16)))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> SigV4Verifier.builder().presignedFutureTolerance(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void signatureMismatch_carriesCanonicalRequestAndStringToSignForTheS3ErrorBody() {
        SimpleHttpRequest request = presigned().toBuilder().method("GET").build();

        Rejected rejected = (Rejected) VERIFIER.verify(VERIFIER.parse(request, T), request, KEY);

        assertThat(rejected.failure().code()).isEqualTo("SignatureDoesNotMatch");
        assertThat(rejected.failure().httpStatus()).isEqualTo(403);
        assertThat(rejected.canonicalRequest()).startsWith("GET\n/my-bucket/photos/cat%201.jpg\n").endsWith("\nUNSIGNED-PAYLOAD");
        assertThat(rejected.stringToSign()).startsWith("AWS4-HMAC-SHA256\n20240501T120000Z\n20240501/us-east-1/s3/aws4_request\n");
    }

    @Test
    void expiredUrl_mapsToAccessDenied403RequestHasExpired() {
        Rejected rejected = (Rejected) VERIFIER.parse(presigned(), T.plusSeconds(3601));

        assertThat(rejected.failure().code()).isEqualTo("AccessDenied");
        assertThat(rejected.failure().httpStatus()).isEqualTo(403);
        assertThat(rejected.message()).isEqualTo("Request has expired");
    }

    @Test
    void validPresignedPut_isVerifiedWithIdentityScopeAndUnsignedPayload() {
        Verification result = VERIFIER.verify(VERIFIER.parse(presigned(), T), presigned(), KEY);

        assertThat(result).isInstanceOf(Verified.class);
        Verified verified = (Verified) result;
        assertThat(verified.accessKeyId()).isEqualTo(PresignerTest.ACCESS_KEY);
        assertThat(verified.scope()).isEqualTo(new CredentialScope("20240501", "us-east-1", "s3"));
        assertThat(verified.signedHeaders()).containsExactly("content-type", "host");
        assertThat(verified.payloadMode()).isEqualTo(PayloadMode.UNSIGNED_PAYLOAD);
        assertThat(verified.requestTime()).isEqualTo(T);
        assertThat(verified.location()).isEqualTo(AuthLocation.QUERY);
    }

    @Test
    void headerAuth_withinFifteenMinutes_isVerifiedWithItsPayloadHash() {
        String hash = SigV4.sha256Hex("hello");
        SimpleHttpRequest request = headerSigned(T.minus(Duration.ofMinutes(14)), hash);

        Verification result = VERIFIER.verify(VERIFIER.parse(request, T), request, PresignerTest.keyFor(T.minus(Duration.ofMinutes(14))));

        assertThat(result).isInstanceOf(Verified.class);
        assertThat(((Verified) result).payloadMode()).isEqualTo(PayloadMode.SIGNED_HEX);
        assertThat(((Verified) result).payloadHash()).isEqualTo(hash);
    }

    @Test
    void anyRegionConfiguration_acceptsAnUnlistedRegion() {
        SigV4Verifier anyRegion = SigV4Verifier.builder().regions(Set.of(SigV4Verifier.ANY_REGION)).build();
        SigningKey euKey = SigningKey.derive(PresignerTest.SECRET, new CredentialScope("20240501", "eu-central-1", "s3"));
        String url = new Presigner().presign(PresignRequest.builder().endpoint(PresignerTest.ENDPOINT).bucket("b").key("k")
                .timestamp(T).accessKeyId("AK").signingKey(euKey).build());
        SimpleHttpRequest request = PresignerTest.httpRequest("GET", url, Map.of());

        assertThat(anyRegion.verify(anyRegion.parse(request, T), request, euKey).isVerified()).isTrue();
        assertThat(((Rejected) VERIFIER.parse(request, T)).failure()).isEqualTo(AuthFailure.SCOPE_MISMATCH);
    }

    @Test
    void verifyWithKeyOfAnotherScope_isRejectedNotThrown() {
        SigningKey otherDay = PresignerTest.keyFor(T.plus(Duration.ofDays(1)));

        Verification result = VERIFIER.verify(VERIFIER.parse(presigned(), T), presigned(), otherDay);

        assertThat(((Rejected) result).failure()).isEqualTo(AuthFailure.SIGNING_KEY_SCOPE_MISMATCH);
    }

    @Test
    void parsedAuth_andVerified_neverPrintTheSignature() {
        ParsedAuth parsed = VERIFIER.parse(presigned(), T);
        Verification verified = VERIFIER.verify(parsed, presigned(), KEY);
        String signature = PresignerTest.signatureOf(URL);

        assertThat(parsed.toString()).doesNotContain(signature);
        assertThat(verified.toString()).doesNotContain(signature);
        assertThat(KEY.toString()).contains("redacted").doesNotContain(SigV4.hex(KEY.bytes()));
    }
}
