package io.edgestorage.sigv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class CanonicalRequestTest {

    private static final Instant T = PresignerTest.FIXED;
    private static final SigV4Verifier VERIFIER = SigV4Verifier.s3Defaults();

    private static CanonicalRequest sample() {
        return new CanonicalRequest("GET", "/b/k", "a=1&b=2", "host:example.com\nx-amz-date:20240501T120000Z\n",
                "host;x-amz-date", "UNSIGNED-PAYLOAD");
    }

    @Test
    void text_isTheSixLines_builtOnce() {
        CanonicalRequest request = sample();

        assertThat(request.text()).isEqualTo("GET\n/b/k\na=1&b=2\nhost:example.com\nx-amz-date:20240501T120000Z\n\n"
                + "host;x-amz-date\nUNSIGNED-PAYLOAD");
        assertThat(request.text()).isSameAs(request.text()).isSameAs(request.toString());
        assertThat(request.text()).isEqualTo(SigV4.canonicalRequest(request.method(), request.canonicalUri(),
                request.canonicalQuery(), request.canonicalHeaders(), request.signedHeaders(), request.payloadHash()));
    }

    @Test
    void stringToSign_hashesTheText() {
        CredentialScope scope = new CredentialScope("20240501", "us-east-1", "s3");

        assertThat(sample().stringToSign("20240501T120000Z", scope))
                .isEqualTo("AWS4-HMAC-SHA256\n20240501T120000Z\n20240501/us-east-1/s3/aws4_request\n"
                        + SigV4.sha256Hex(sample().text()));
    }

    @Test
    void equalWhenEveryLineIsEqual() {
        assertThat(sample()).isEqualTo(sample()).hasSameHashCodeAs(sample());
        assertThat(sample()).isNotEqualTo(new CanonicalRequest("PUT", "/b/k", "a=1&b=2",
                "host:example.com\nx-amz-date:20240501T120000Z\n", "host;x-amz-date", "UNSIGNED-PAYLOAD"));
    }

    @Test
    void everyLineIsRequired() {
        assertThatThrownBy(() -> new CanonicalRequest("GET", "/", null, "host:h\n", "host", "UNSIGNED-PAYLOAD"))
                .isInstanceOf(NullPointerException.class).hasMessage("canonicalQuery");
    }

    @Test
    void ofQueryAuth_signsEveryParameterButTheSignature() {
        SimpleHttpRequest request = presigned();
        ParsedSigV4Auth auth = (ParsedSigV4Auth) VERIFIER.parse(request, T);

        CanonicalRequest canonical = CanonicalRequest.of(auth, request);

        assertThat(canonical.canonicalQuery()).contains("X-Amz-Credential=").doesNotContain("X-Amz-Signature");
        assertThat(canonical.canonicalUri()).isEqualTo("/my-bucket/photos/cat%201.jpg");
        assertThat(canonical.signedHeaders()).isEqualTo("content-type;host");
        assertThat(canonical.payloadHash()).isEqualTo("UNSIGNED-PAYLOAD");
        assertThat(canonical.text()).isEqualTo(VERIFIER.canonicalRequest(auth, request));
    }

    @Test
    void ofHeaderAuth_signsTheWholeQuery() {
        SimpleHttpRequest unsigned = SimpleHttpRequest.builder().method("GET").rawPath("/b").rawQuery("list-type=2&prefix=a%2Fb")
                .header("Host", PresignerTest.HOST).header("x-amz-date", SigV4.formatAmzDate(T))
                .header("x-amz-content-sha256", SigV4.EMPTY_BODY_SHA256).build();
        SimpleHttpRequest request = SigV4VerifierTest.sign(unsigned, T, List.of("host", "x-amz-content-sha256", "x-amz-date"));
        ParsedSigV4Auth auth = (ParsedSigV4Auth) VERIFIER.parse(request, T);

        assertThat(CanonicalRequest.of(auth, request).canonicalQuery()).isEqualTo("list-type=2&prefix=a%2Fb");
        assertThat(VERIFIER.verify(auth, request, PresignerTest.keyFor(T)).isVerified()).isTrue();
    }

    @Test
    void parse_readsTheQueryOnce_andVerifySignsThatReading() {
        CountingQueries request = new CountingQueries(presigned());

        ParsedAuth parsed = VERIFIER.parse(request, T);
        assertThat(request.queryReads.get()).isEqualTo(1);
        assertThat(((ParsedSigV4Auth) parsed).query().raw()).isEqualTo(presigned().rawQuery());

        assertThat(VERIFIER.verify(parsed, request, PresignerTest.keyFor(T)).isVerified()).isTrue();
        assertThat(request.queryReads.get()).isEqualTo(1);
    }

    @Test
    void withPayloadHash_keepsTheParsedQuery() {
        ParsedSigV4Auth auth = (ParsedSigV4Auth) VERIFIER.parse(presigned(), T);

        ParsedSigV4Auth changed = auth.withPayloadHash(SigV4.EMPTY_BODY_SHA256);

        assertThat(changed.query()).isSameAs(auth.query());
        assertThat(changed.payloadMode()).isEqualTo(PayloadMode.SIGNED_HEX);
    }

    private static SimpleHttpRequest presigned() {
        String url = new Presigner().presign(PresignerTest.request("PUT", "photos/cat 1.jpg", 3600, T,
                Map.of("Content-Type", "image/jpeg"), Map.of()));
        return PresignerTest.httpRequest("PUT", url, Map.of("Content-Type", "image/jpeg"));
    }

    /** A view that parses its query afresh on every call and counts the calls. */
    private static final class CountingQueries implements HttpRequestView {
        private final HttpRequestView delegate;
        private final AtomicInteger queryReads = new AtomicInteger();

        CountingQueries(HttpRequestView delegate) {
            this.delegate = delegate;
        }

        @Override
        public String method() {
            return delegate.method();
        }

        @Override
        public String rawPath() {
            return delegate.rawPath();
        }

        @Override
        public String rawQuery() {
            return delegate.rawQuery();
        }

        @Override
        public QueryParameters query() {
            queryReads.incrementAndGet();
            return QueryParameters.parse(rawQuery());
        }

        @Override
        public List<String> headers(String lowerCaseName) {
            return delegate.headers(lowerCaseName);
        }

        @Override
        public Set<String> headerNames() {
            return delegate.headerNames();
        }
    }
}
