package io.edgestorage.objects.body;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.edgestorage.objects.S3Error;
import io.edgestorage.objects.S3Exception;
import io.edgestorage.sigv4.chunked.ChunkedDecodingException;
import io.edgestorage.sigv4.chunked.ChunkedFailure;

class BodyReceiverFailureTest {

    @ParameterizedTest
    @EnumSource(ChunkedFailure.class)
    void aDecodingFailure_isAnsweredWithItsOwnCodeAndStatus(ChunkedFailure failure) {
        S3Exception e = BodyReceiver.map(new ChunkedDecodingException(failure, "detail"));
        assertThat(e.error()).isSameAs(failure);
        assertThat(e.getMessage()).isEqualTo(failure + ": detail");
    }

    @org.junit.jupiter.api.Test
    void anS3Failure_staysAsItIs_andAnythingElseIsIncompleteBody() {
        S3Exception timeout = S3Error.REQUEST_TIMEOUT.exception();
        assertThat(BodyReceiver.map(timeout)).isSameAs(timeout);
        S3Exception reset = BodyReceiver.map(new IOException("Connection reset"));
        assertThat(reset.error()).isSameAs(S3Error.INCOMPLETE_BODY);
        assertThat(reset.getMessage()).isEqualTo("The request body could not be read to its end: Connection reset");
    }
}
