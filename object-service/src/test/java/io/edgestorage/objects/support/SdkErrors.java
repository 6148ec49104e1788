package io.edgestorage.objects.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import software.amazon.awssdk.services.s3.model.S3Exception;

/** Assertions on the S3 errors an AWS SDK call fails with. */
public final class SdkErrors {

    private SdkErrors() {
    }

    /** The call fails with this status and S3 error code (HEAD answers carry no body, so only their status). */
    public static void assertS3Error(ThrowingCallable call, int status, String code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(S3Exception.class, e -> {
            assertThat(e.statusCode()).isEqualTo(status);
            if (e.awsErrorDetails().errorCode() != null) {
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
            }
        });
    }
}
