package io.edgestorage.objects;

import static io.edgestorage.objects.S3ProtocolTest.assertS3Error;
import static io.edgestorage.objects.S3ProtocolTest.send;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.edgestorage.objects.support.FakeKeyService;
import io.edgestorage.objects.support.S3Clients;
import io.edgestorage.objects.support.Signing;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import software.amazon.awssdk.services.s3.S3Client;

/**
 * A signed request does exactly what was signed: the query is read once, by the parser the verifiers
 * use, so a holder of a URL cannot add a sub-resource or response override the signer did not sign, by
 * percent-encoding its name, hiding it behind {@code ;}, or changing its case.
 */
@QuarkusTest
@QuarkusTestResource(FakeKeyService.class)
class QueryRewriteTest {

    static S3Client s3;
    static String bucket;
    static String uploadId;

    @BeforeEach
    void bucketWithAnObjectAndAnUpload() {
        if (s3 == null) {
            s3 = S3Clients.accountA();
            bucket = S3Clients.bucketWithObject(s3, "rewrite", "obj", "plain text");
            uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key("mpu")).uploadId();
        }
    }

    private static long expires() {
        return Instant.now().plusSeconds(300).getEpochSecond();
    }

    /** A SigV2 URL for {@code method} on {@code key} ("" for the bucket) and how its holder rewrites it. */
    static Stream<Arguments> rewrittenSigV2Urls() {
        return Stream.of(
                rewrite("response-content-type added", "GET", "obj", (u, id) -> u + "&response-content-type=text%2Fhtml", 403, "SignatureDoesNotMatch"),
                rewrite("response-content-type added, name percent-encoded", "GET", "obj", (u, id) -> u + "&response%2Dcontent%2Dtype=text%2Fhtml", 403, "SignatureDoesNotMatch"),
                rewrite("uploadId added, name percent-encoded (ListParts)", "GET", "mpu", (u, id) -> u + "&%75ploadId=" + id, 403, "SignatureDoesNotMatch"),
                rewrite("uploads added, name percent-encoded (ListMultipartUploads)", "GET", "", (u, id) -> u + "&%75ploads", 403, "SignatureDoesNotMatch"),
                rewrite("uploadId added, name percent-encoded (AbortMultipartUpload)", "DELETE", "mpu", (u, id) -> u + "&%75ploadId=" + id, 403, "SignatureDoesNotMatch"),
                rewrite("partNumber and uploadId added, names percent-encoded (UploadPart)", "PUT", "mpu", (u, id) -> u + "&%70artNumber=1&%75ploadId=" + id, 403, "SignatureDoesNotMatch"));
    }

    private static Arguments rewrite(String name, String method, String key, BiFunction<String, String, String> rewrite,
            int status, String code) {
        return Arguments.of(name, method, key, rewrite, status, code);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rewrittenSigV2Urls")
    void sigV2Url_withAnAddedSubResourceUnderAnyEncoding_isRefused(String name, String method, String key,
            BiFunction<String, String, String> rewrite, int status, String code) throws Exception {
        String url = Signing.presignV2(method, bucket, key, expires(), FakeKeyService.KEY_A, FakeKeyService.SECRET_A);
        String body = "PUT".equals(method) ? "part bytes" : null;

        assertS3Error(send(method, rewrite.apply(url, uploadId), Map.of(), body), status, code);
        assertThat(s3.listParts(b -> b.bucket(bucket).key("mpu").uploadId(uploadId)).parts()).isEmpty();
    }

    @Test
    void sigV2Url_withAnOverrideBehindASemicolonOrInAnotherCase_servesWhatWasSigned() throws Exception {
        String url = Signing.presignV2("GET", bucket, "obj", expires(), FakeKeyService.KEY_A, FakeKeyService.SECRET_A);

        for (String added : new String[] {"&x=1;response-content-type=text/html", "&Response-Content-Type=text%2Fhtml"}) {
            HttpResponse<String> r = send("GET", url + added, Map.of(), null);
            assertThat(r.statusCode()).as(added + ": " + r.body()).isEqualTo(200);
            assertThat(r.headers().firstValue("content-type").orElse("")).as(added).doesNotStartWith("text/html");
            assertThat(r.body()).isEqualTo("plain text");
        }
        String listing = Signing.presignV2("GET", bucket, "", expires(), FakeKeyService.KEY_A, FakeKeyService.SECRET_A);
        HttpResponse<String> r = send("GET", listing + "&x=1;uploads", Map.of(), null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("<ListBucketResult").doesNotContain("ListMultipartUploadsResult");
    }

    @Test
    void sigV2HeaderAuth_withAnAddedEncodedOverride_isRefused_andOneBehindASemicolonIsIgnored() throws Exception {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC));
        String signature = Signing.sigV2(FakeKeyService.SECRET_A, "GET\n\n\n" + date + "\n/" + bucket + "/obj");
        Map<String, String> headers = Map.of("Date", date, "Authorization", "AWS " + FakeKeyService.KEY_A + ":" + signature);
        String url = S3Clients.endpoint() + "/" + bucket + "/obj";

        assertThat(send("GET", url, headers, null).statusCode()).isEqualTo(200);
        assertS3Error(send("GET", url + "?response%2Dcontent%2Dtype=text%2Fhtml", headers, null), 403, "SignatureDoesNotMatch");
        HttpResponse<String> r = send("GET", url + "?x=1;response-content-type=text/html", headers, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type").orElse("")).doesNotStartWith("text/html");
    }

    @Test
    void sigV4Url_whoseSignedSemicolonIsUnescaped_servesExactlyTheSignedOverride() throws Exception {
        String url = Signing.presignA("GET", bucket, "obj",
                Map.of("response-content-disposition", "inline;response-content-type=text/html"));
        assertThat(url).contains("inline%3Bresponse-content-type%3Dtext%2Fhtml");

        for (String sent : new String[] {url, url.replace("%3B", ";")}) {
            HttpResponse<String> r = send("GET", sent, Map.of(), null);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.headers().firstValue("content-type").orElse("")).as(sent).doesNotStartWith("text/html");
            assertThat(r.headers().firstValue("content-disposition")).hasValue("inline;response-content-type=text/html");
        }
        assertS3Error(send("GET", url + "&response%2Dcontent%2Dtype=text%2Fhtml", Map.of(), null), 403, "SignatureDoesNotMatch");
    }

    @Test
    void sigV4HeaderAuth_readsTheQueryAsItWasSigned() throws Exception {
        URI signedSemicolon = URI.create(S3Clients.endpoint() + "/" + bucket + "/obj?x=1%3Bresponse-content-type%3Dtext%2Fhtml");
        Map<String, String> auth = Signing.headerAuth("GET", signedSemicolon, S3ProtocolTest.SigV4Hex.sha256(""));
        HttpResponse<String> r = send("GET", signedSemicolon.toString().replace("%3B", ";"), auth, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type").orElse("")).doesNotStartWith("text/html");

        URI listing = URI.create(S3Clients.endpoint() + "/" + bucket);
        Map<String, String> listingAuth = Signing.headerAuth("GET", listing, S3ProtocolTest.SigV4Hex.sha256(""));
        assertS3Error(send("GET", listing + "?%75ploads", listingAuth, null), 403, "SignatureDoesNotMatch");
    }

    @Test
    void aRepeatedOverride_isInvalidArgument_evenWhenSigned() throws Exception {
        URI twice = URI.create(S3Clients.endpoint() + "/" + bucket
                + "/obj?response-content-type=text%2Fplain&response-content-type=text%2Fhtml");
        Map<String, String> auth = Signing.headerAuth("GET", twice, S3ProtocolTest.SigV4Hex.sha256(""));

        HttpResponse<String> r = send("GET", twice.toString(), auth, null);

        assertS3Error(r, 400, "InvalidArgument");
        assertThat(r.body()).contains("response-content-type");
    }

    @Test
    void presignedUrl_datedBeyondTheSkewWindow_isNotValidYet_andWithinItLivesAtMostSevenDaysMore() throws Exception {
        Instant now = Instant.now();
        String farAhead = Signing.presign("GET", bucket, "obj", now.plusSeconds(20 * 60), 604_800, FakeKeyService.KEY_A,
                FakeKeyService.SECRET_A, new HashMap<>());
        HttpResponse<String> refused = send("GET", farAhead, Map.of(), null);
        assertS3Error(refused, 403, "AccessDenied");
        assertThat(refused.body()).contains("Request is not valid yet");

        String slightlyAhead = Signing.presign("GET", bucket, "obj", now.plusSeconds(10 * 60), 604_800,
                FakeKeyService.KEY_A, FakeKeyService.SECRET_A, new HashMap<>());
        assertThat(send("GET", slightlyAhead, Map.of(), null).statusCode()).isEqualTo(200);
    }
}
