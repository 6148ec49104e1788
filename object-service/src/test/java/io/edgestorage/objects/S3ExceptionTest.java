package io.edgestorage.objects;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.edgestorage.sigv4.AuthFailure;
import io.edgestorage.sigv4.S3ProtocolError;
import io.edgestorage.sigv4.chunked.ChunkedDecodingException;
import io.edgestorage.sigv4.chunked.ChunkedFailure;

class S3ExceptionTest {

    @Test
    void anS3Exception_isItself() {
        S3Exception e = S3Error.NO_SUCH_KEY.exception();
        assertThat(S3Exception.from(e)).isSameAs(e);
    }

    @Test
    void aChunkedDecodingFailure_keepsItsOwnCodeStatusAndDetail() {
        ChunkedDecodingException decoding = new ChunkedDecodingException(ChunkedFailure.MALFORMED_CHUNK_HEADER,
                "chunk size is not hex: 'zz'");
        S3Exception e = S3Exception.from(decoding);
        assertThat(e.error()).isSameAs(ChunkedFailure.MALFORMED_CHUNK_HEADER);
        assertThat(e.error().code()).isEqualTo("InvalidRequest");
        assertThat(e.error().httpStatus()).isEqualTo(400);
        assertThat(e.getMessage()).isEqualTo(decoding.getMessage());
    }

    @Test
    void anyOtherFailure_isNoS3Failure() {
        assertThat(S3Exception.from(new IOException("Connection reset"))).isNull();
        assertThat(S3Exception.from(new IllegalStateException())).isNull();
    }

    /**
     * The sigv4 refusals reach the client by their own code and status: wherever a code is also in this
     * service's catalogue, the status is the same, so a client sees one status per code whoever refused.
     */
    @Test
    void everySigv4Refusal_hasTheStatusThisServiceGivesItsCode() {
        Map<String, S3Error> catalogue = Arrays.stream(S3Error.values())
                .collect(Collectors.toMap(S3Error::code, Function.identity()));
        Stream.concat(Arrays.stream(AuthFailure.values()), Arrays.stream(ChunkedFailure.values()))
                .forEach((S3ProtocolError refusal) -> {
                    assertThat(catalogue).as(refusal + " has a code this service knows").containsKey(refusal.code());
                    assertThat(refusal.httpStatus()).as(refusal.toString())
                            .isEqualTo(catalogue.get(refusal.code()).httpStatus());
                });
    }

    @Test
    void s3Errors_areProtocolErrors_withTheirDefaultMessage() {
        S3ProtocolError error = S3Error.X_AMZ_CONTENT_SHA256_MISMATCH;
        assertThat(error.code()).isEqualTo("XAmzContentSHA256Mismatch");
        assertThat(error.httpStatus()).isEqualTo(400);
        assertThat(S3Error.X_AMZ_CONTENT_SHA256_MISMATCH.exception().getMessage()).isEqualTo(error.message());
    }
}
