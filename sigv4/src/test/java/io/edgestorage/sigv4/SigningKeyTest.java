package io.edgestorage.sigv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SigningKeyTest {

    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    @Test
    void derive_matchesTheAwsDocumentationExample() {
        // docs.aws.amazon.com "Examples of how to derive a signing key for Signature Version 4".
        SigningKey key = SigningKey.derive(SECRET, new CredentialScope("20150830", "us-east-1", "iam"));

        assertThat(SigV4.hex(key.bytes())).isEqualTo("c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9");
    }

    @Test
    void toString_neverShowsKeyBytes() {
        SigningKey key = SigningKey.derive(SECRET, new CredentialScope("20150830", "us-east-1", "s3"));

        assertThat(key.toString()).isEqualTo("SigningKey[scope=20150830/us-east-1/s3/aws4_request, key=<redacted>]");
    }

    @Test
    void of_copiesBytes_andRejectsWrongLength() {
        CredentialScope scope = new CredentialScope("20150830", "us-east-1", "s3");
        byte[] bytes = SigningKey.derive(SECRET, scope).bytes();
        SigningKey copy = SigningKey.of(bytes, scope);
        bytes[0] ^= 1;

        assertThat(copy).isEqualTo(SigningKey.derive(SECRET, scope));
        assertThatThrownBy(() -> SigningKey.of(new byte[31], scope)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void credentialScope_printsAndParsesTheSigV4Form() {
        CredentialScope scope = CredentialScope.parse("20130524/us-east-1/s3/aws4_request");

        assertThat(scope).isEqualTo(new CredentialScope("20130524", "us-east-1", "s3"));
        assertThat(scope.toString()).isEqualTo("20130524/us-east-1/s3/aws4_request");
        assertThatThrownBy(() -> CredentialScope.parse("20130524/us-east-1/s3/aws5_request")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CredentialScope("2013-5-24", "us-east-1", "s3")).isInstanceOf(IllegalArgumentException.class);
    }
}
