package io.edgestorage.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.edgestorage.sigv4.Verification.Verified;
import io.edgestorage.sigv4.chunked.AwsChunkedDecoder;
import io.edgestorage.sigv4.chunked.ChunkSignatures;

/** The Amazon S3 API documentation examples (credentials AKIAIOSFODNN7EXAMPLE, 20130524, us-east-1, s3). */
class S3DocExamplesTest {

    private static final String ROOT = "s3-doc-examples/";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final Instant EXAMPLE_TIME = Instant.parse("2013-05-24T00:00:00Z");
    private static final SigningKey KEY = SigningKey.derive(SECRET, new CredentialScope("20130524", "us-east-1", "s3"));
    private static final SigV4Verifier VERIFIER = SigV4Verifier.s3Defaults();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"get-object-range", "put-object", "get-bucket-lifecycle", "list-objects", "chunked-upload"})
    void headerAuthExample_matchesPublishedCanonicalRequestAndSignature(String name) {
        String dir = ROOT + name + "/" + name;
        SimpleHttpRequest request = VectorFiles.parseRequest(VectorFiles.text(dir + ".sreq")).request();

        ParsedAuth parsed = VERIFIER.parse(request, EXAMPLE_TIME.plusSeconds(30));
        assertThat(parsed).isInstanceOf(ParsedSigV4Auth.class);
        ParsedSigV4Auth auth = (ParsedSigV4Auth) parsed;
        assertThat(VERIFIER.canonicalRequest(auth, request)).isEqualTo(VectorFiles.text(dir + ".creq"));
        Verification result = VERIFIER.verify(auth, request, KEY);
        assertThat(result).isInstanceOf(Verified.class);
        assertThat(request.firstHeader("authorization")).isEqualTo(VectorFiles.text(dir + ".authz"));
    }

    @Test
    void presignedGetExample_verifiesWithPublishedSignatureAeeed9bb() {
        String url = VectorFiles.text(ROOT + "presigned-get-object/presigned-get-object.url").trim();
        SimpleHttpRequest request = SimpleHttpRequest.builder().method("GET")
                .target(url.substring("https://examplebucket.s3.amazonaws.com".length()))
                .header("Host", "examplebucket.s3.amazonaws.com").build();

        ParsedAuth parsed = VERIFIER.parse(request, EXAMPLE_TIME.plusSeconds(86_399));
        Verification result = VERIFIER.verify(parsed, request, KEY);

        assertThat(result).isInstanceOf(Verified.class);
        Verified verified = (Verified) result;
        assertThat(verified.seedSignature()).isEqualTo("aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");
        assertThat(verified.payloadMode()).isEqualTo(PayloadMode.UNSIGNED_PAYLOAD);
        assertThat(VERIFIER.canonicalRequest((ParsedSigV4Auth) parsed, request))
                .isEqualTo(VectorFiles.text(ROOT + "presigned-get-object/presigned-get-object.creq"));
    }

    @Test
    void presignedGetExample_oneSecondAfterItsLifetime_isExpired() {
        String url = VectorFiles.text(ROOT + "presigned-get-object/presigned-get-object.url").trim();
        SimpleHttpRequest request = SimpleHttpRequest.builder().method("GET")
                .target(url.substring("https://examplebucket.s3.amazonaws.com".length()))
                .header("Host", "examplebucket.s3.amazonaws.com").build();

        assertThat(VERIFIER.parse(request, EXAMPLE_TIME.plusSeconds(86_401)))
                .isEqualTo(Verification.Rejected.of(AuthFailure.EXPIRED));
    }

    @Test
    void chunkedUploadExample_decodesAndVerifiesEveryChunkSignature() {
        String dir = ROOT + "chunked-upload/chunked-upload";
        SimpleHttpRequest request = VectorFiles.parseRequest(VectorFiles.text(dir + ".sreq")).request();
        Verified verified = (Verified) VERIFIER.verify(VERIFIER.parse(request, EXAMPLE_TIME), request, KEY);
        assertThat(verified.payloadMode()).isEqualTo(PayloadMode.STREAMING_SIGNED);
        assertThat(verified.seedSignature()).isEqualTo("4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9");

        byte[] body = VectorFiles.bytes(ROOT + "chunked-upload/chunked-upload.body");
        AwsChunkedDecoder decoder = AwsChunkedDecoder.forRequest(verified, KEY, 66_560, null);
        long[] aCount = {0};
        decoder.feed(ByteBuffer.wrap(body), slice -> {
            while (slice.hasRemaining()) {
                if (slice.get() == 'a') {
                    aCount[0]++;
                }
            }
        });
        decoder.finish();

        assertThat(aCount[0]).isEqualTo(66_560);
        assertThat(decoder.decodedLength()).isEqualTo(66_560);
    }

    @Test
    void chunkSignatureChain_equalsPublishedSignatures() {
        String amzDate = "20130524T000000Z";
        String first = ChunkSignatures.chunkSignature(KEY, amzDate,
                "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9", SigV4.sha256Hex("a".repeat(65_536)));
        String second = ChunkSignatures.chunkSignature(KEY, amzDate, first, SigV4.sha256Hex("a".repeat(1024)));
        String last = ChunkSignatures.chunkSignature(KEY, amzDate, second, SigV4.EMPTY_BODY_SHA256);

        assertThat(first).isEqualTo("ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648");
        assertThat(second).isEqualTo("0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497");
        assertThat(last).isEqualTo("b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9");
    }

    @Test
    void trailerSignature_equalsAwsCAuthExample() {
        Map<String, String> trailers = new LinkedHashMap<>();
        trailers.put("first", "1st");
        trailers.put("second", "2nd");
        trailers.put("third", "3rd");
        String canonical = ChunkSignatures.canonicalTrailers(trailers);

        assertThat(canonical).isEqualTo("first:1st\nsecond:2nd\nthird:3rd\n");
        assertThat(ChunkSignatures.trailerSignature(KEY, "20130524T000000Z",
                "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9", canonical))
                .isEqualTo("df5735bd9f3295cd9386572292562fefc93ba94e80a0a1ddcbd652c4e0a75e6c");
    }

    @Test
    void postPolicySignature_isHexHmacOfBase64PolicyUnderTheSigningKey() {
        SigningKey key = SigningKey.derive(SECRET, new CredentialScope("20151229", "us-east-1", "s3"));
        String policy = VectorFiles.text(ROOT + "post-policy/policy.b64").trim();

        assertThat(key.signHex(policy)).isEqualTo(VectorFiles.text(ROOT + "post-policy/post-policy.signature").trim());
    }
}
