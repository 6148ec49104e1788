package io.edgestorage.sigv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The signer against the Amazon S3 documentation's header-auth examples: unsigned request in, the published
 * {@code Authorization} out; and a signed request is accepted by our own verifier.
 */
class RequestSignerTest {

    private static final String ROOT = "s3-doc-examples/";
    private static final String ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final Instant EXAMPLE_TIME = Instant.parse("2013-05-24T00:00:00Z");
    private final RequestSigner signer = new RequestSigner(ACCESS_KEY, SECRET, "us-east-1", "s3");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"get-object-range", "put-object", "get-bucket-lifecycle", "list-objects"})
    void signsTheDocumentationExamples_asPublished(String name) {
        String dir = ROOT + name + "/" + name;
        SimpleHttpRequest request = VectorFiles.parseRequest(VectorFiles.text(dir + ".req")).request();
        Map<String, String> headers = new LinkedHashMap<>();
        for (String header : request.headerNames()) {
            headers.put(header, request.headers(header).get(0));
        }

        String authorization = signer.authorization(request.method(), request.rawPath(), request.rawQuery(), headers,
                headers.get("x-amz-content-sha256"), EXAMPLE_TIME);

        assertThat(authorization).isEqualTo(VectorFiles.text(dir + ".authz").trim());
    }

    @Test
    void aSignedRequest_isVerifiedByTheVerifier_andAnEditedOneIsNot() {
        Instant now = Instant.parse("2026-12-07T10:11:12Z");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Host", "127.0.0.1:7480");
        headers.put("x-amz-date", SigV4.formatAmzDate(now));
        headers.put("x-amz-content-sha256", "UNSIGNED-PAYLOAD");
        headers.put("Range", "bytes=0-99");
        String authorization = signer.authorization("GET", "/edge-blobs/blobs/a%20b", "x-id=GetObject", headers,
                "UNSIGNED-PAYLOAD", now);

        SimpleHttpRequest.Builder request = SimpleHttpRequest.builder().method("GET")
                .target("/edge-blobs/blobs/a%20b?x-id=GetObject").header("Authorization", authorization);
        headers.forEach(request::header);
        SigV4Verifier verifier = SigV4Verifier.s3Defaults();
        SigningKey key = SigningKey.derive(SECRET, CredentialScope.of(now, "us-east-1", "s3"));
        SimpleHttpRequest sent = request.build();
        assertThat(verifier.verify(verifier.parse(sent, now), sent, key)).isInstanceOf(Verification.Verified.class);

        SimpleHttpRequest edited = sent.toBuilder().setHeader("Range", "bytes=0-999").build();
        assertThat(verifier.verify(verifier.parse(edited, now), edited, key)).isInstanceOf(Verification.Rejected.class);
    }

    @Test
    void aSignerWithoutCredentials_isRefused() {
        assertThatThrownBy(() -> new RequestSigner(" ", SECRET, "us-east-1", "s3"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RequestSigner(ACCESS_KEY, "", "us-east-1", "s3"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
