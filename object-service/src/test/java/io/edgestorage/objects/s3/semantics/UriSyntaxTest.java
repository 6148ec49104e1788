package io.edgestorage.objects.s3.semantics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.edgestorage.objects.S3Error;
import io.edgestorage.objects.S3Exception;

class UriSyntaxTest {

    @ParameterizedTest
    @ValueSource(strings = { "", "/bucket/plain-key", "X-Amz-Credential=AKIA%2F20261129%2Fus-east-1%2Fs3%2Faws4_request",
            "/b/caf%C3%A9", "/b/%E2%82%AC%20and%20%F0%9F%98%80", "/b/%c3%a9", "/b/é%20raw", "/b/%25%2B" })
    void wellFormedEscapes_pass(String raw) {
        assertThatCode(() -> UriSyntax.requireDecodable(raw)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = { "/b/inv%FF", "/b/%C3", "/b/%C3a", "/b/é%A9", "/b/%zz", "/b/%4", "/b/%", "/b/%ED%A0%80",
            "a=1&b=%C0%AF" })
    void malformedOrNonUtf8Escapes_areInvalidUri(String raw) {
        assertThatThrownBy(() -> UriSyntax.requireDecodable(raw)).isInstanceOfSatisfying(S3Exception.class,
                e -> assertThat(e.error()).isEqualTo(S3Error.INVALID_URI));
    }
}
