package io.edgestorage.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.edgestorage.sigv4.chunked.ChunkedFailure;

/** Every failure the module reports reads as an S3 error by the shared interface alone. */
class S3ProtocolErrorTest {

    static Stream<S3ProtocolError> everyFailure() {
        return Stream.concat(Stream.of(AuthFailure.values()), Stream.of(ChunkedFailure.values()));
    }

    @ParameterizedTest
    @MethodSource("everyFailure")
    void everyFailure_isAClientErrorWithAnS3CodeAndMessage(S3ProtocolError failure) {
        assertThat(failure.code()).matches("[A-Z][A-Za-z]+");
        assertThat(failure.httpStatus()).isBetween(400, 499);
        assertThat(failure.message()).isNotBlank();
    }

    @ParameterizedTest
    @MethodSource("everyFailure")
    void theAccessors_readTheDefinition(S3ProtocolError failure) {
        S3ProtocolError.Definition definition = failure.definition();
        assertThat(failure.code()).isEqualTo(definition.code());
        assertThat(failure.httpStatus()).isEqualTo(definition.httpStatus());
        assertThat(failure.message()).isEqualTo(definition.message());
    }

    @Test
    void aBadRequestSignatureAndABadChunkSignature_readAlike() {
        S3ProtocolError request = AuthFailure.SIGNATURE_MISMATCH;
        S3ProtocolError chunk = ChunkedFailure.BAD_CHUNK_SIGNATURE;

        assertThat(request.code()).isEqualTo(chunk.code()).isEqualTo("SignatureDoesNotMatch");
        assertThat(request.httpStatus()).isEqualTo(chunk.httpStatus()).isEqualTo(403);
        assertThat(AuthFailure.EXPIRED.code()).isEqualTo("AccessDenied");
        assertThat(ChunkedFailure.TRUNCATED_BODY.code()).isEqualTo("IncompleteBody");
    }
}
