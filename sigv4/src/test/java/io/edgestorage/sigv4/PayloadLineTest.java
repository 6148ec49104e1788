package io.edgestorage.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.edgestorage.sigv4.Verification.Rejected;

class PayloadLineTest {

    private static final String HASH = SigV4.sha256Hex("hello");

    private static ParseStep<PayloadLine> ofQuery(String rawQuery) {
        return PayloadLine.ofQuery(QueryParameters.parse(rawQuery));
    }

    private static SimpleHttpRequest.Builder request() {
        return SimpleHttpRequest.builder().method("PUT").rawPath("/b/k");
    }

    @Test
    void query_withoutContentSha256_isUnsignedPayload() {
        assertThat(ofQuery("X-Amz-Algorithm=AWS4-HMAC-SHA256").value())
                .isEqualTo(new PayloadLine("UNSIGNED-PAYLOAD", PayloadMode.UNSIGNED_PAYLOAD));
    }

    @Test
    void query_withContentSha256_signsThatLine() {
        assertThat(ofQuery("X-Amz-Content-Sha256=UNSIGNED-PAYLOAD").value().mode()).isEqualTo(PayloadMode.UNSIGNED_PAYLOAD);
        assertThat(ofQuery("X-Amz-Content-Sha256=" + HASH).value()).isEqualTo(new PayloadLine(HASH, PayloadMode.SIGNED_HEX));
    }

    @Test
    void query_withContentSha256Twice_isMalformedQuery() {
        assertThat(ofQuery("X-Amz-Content-Sha256=UNSIGNED-PAYLOAD&X-Amz-Content-Sha256=UNSIGNED-PAYLOAD").rejection())
                .isEqualTo(Rejected.of(AuthFailure.MALFORMED_QUERY, "X-Amz-Content-Sha256 is given more than once"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"STREAMING-AWS4-HMAC-SHA256-PAYLOAD", "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
        "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER", "NOT-A-HASH", "unsigned-payload", ""})
    void query_withAStreamingOrUnknownLine_isInvalidContentSha256(String line) {
        assertThat(ofQuery("X-Amz-Content-Sha256=" + line).rejection()).isEqualTo(Rejected.of(AuthFailure.INVALID_CONTENT_SHA256));
    }

    @Test
    void header_isTrimmed_andMayStream() {
        assertThat(PayloadLine.ofHeaders(request().header("x-amz-content-sha256", " " + HASH + " ").build(), true).value())
                .isEqualTo(new PayloadLine(HASH, PayloadMode.SIGNED_HEX));
        assertThat(PayloadLine.ofHeaders(request().header("x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD").build(), true)
                .value().mode()).isEqualTo(PayloadMode.STREAMING_SIGNED);
    }

    @Test
    void header_missing_isRefusedWhenRequired_elseTheEmptyBodysHash() {
        assertThat(PayloadLine.ofHeaders(request().build(), true).rejection())
                .isEqualTo(Rejected.of(AuthFailure.MISSING_CONTENT_SHA256));
        assertThat(PayloadLine.ofHeaders(request().build(), false).value())
                .isEqualTo(new PayloadLine(SigV4.EMPTY_BODY_SHA256, PayloadMode.SIGNED_HEX));
    }

    @Test
    void header_twice_orNotAPayloadLine_isInvalidContentSha256() {
        assertThat(PayloadLine.ofHeaders(request().header("x-amz-content-sha256", HASH).header("x-amz-content-sha256", HASH)
                .build(), true).rejection())
                .isEqualTo(Rejected.of(AuthFailure.INVALID_CONTENT_SHA256, "x-amz-content-sha256 is given more than once"));
        assertThat(PayloadLine.ofHeaders(request().header("x-amz-content-sha256", "NOT-A-HASH").build(), false).rejection())
                .isEqualTo(Rejected.of(AuthFailure.INVALID_CONTENT_SHA256));
    }
}
