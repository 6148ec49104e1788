package io.edgestorage.objects.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.edgestorage.objects.S3Exception;
import io.edgestorage.sigv4.AuthFailure;
import io.edgestorage.sigv4.Verification;

class AuthenticatorRefusalTest {

    @ParameterizedTest
    @EnumSource(AuthFailure.class)
    void everyRefusal_isAnsweredWithItsOwnCodeStatusAndMessage(AuthFailure failure) {
        S3Exception e = Authenticator.refusal(Verification.Rejected.of(failure));
        assertThat(e.error()).isSameAs(failure);
        assertThat(e.getMessage()).isEqualTo(failure.message());
        assertThat(e.extra()).isEmpty();
    }

    @Test
    void aDetailedRefusal_keepsItsDetail() {
        S3Exception e = Authenticator.refusal(Verification.Rejected.of(AuthFailure.MALFORMED_HEADER, "no Credential"));
        assertThat(e.error().code()).isEqualTo("AuthorizationHeaderMalformed");
        assertThat(e.error().httpStatus()).isEqualTo(400);
        assertThat(e.getMessage()).isEqualTo("no Credential");
    }

    @Test
    void aSignatureMismatch_carriesWhatWasSigned_stringToSignFirst() {
        S3Exception e = Authenticator.refusal(
                new Verification.Rejected(AuthFailure.SIGNATURE_MISMATCH, null, "the canonical request", "the string to sign"));
        assertThat(e.error().code()).isEqualTo("SignatureDoesNotMatch");
        assertThat(e.error().httpStatus()).isEqualTo(403);
        assertThat(e.extra()).containsExactly(java.util.Map.entry("StringToSign", "the string to sign"),
                java.util.Map.entry("CanonicalRequest", "the canonical request"));
    }
}
