package io.edgestorage.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.edgestorage.sigv4.Verification.Rejected;

class HeaderAuthFieldsTest {

    private static final String SIGNATURE = "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41";
    private static final String CREDENTIAL = "AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request";

    private static ParseStep<HeaderAuthFields> parse(String header) {
        return HeaderAuthFields.parse(List.of(header));
    }

    @Test
    void threeComponents_inAnyOrder_withOrWithoutSpaces() {
        HeaderAuthFields fields = parse("  AWS4-HMAC-SHA256 Signature=" + SIGNATURE + ",SignedHeaders=host;x-amz-date , Credential="
                + CREDENTIAL + " ").value();

        assertThat(fields.credential()).isEqualTo(CREDENTIAL);
        assertThat(fields.signedHeaders()).isEqualTo("host;x-amz-date");
        assertThat(fields.signature()).isEqualTo(SIGNATURE);
        assertThat(fields.toString()).doesNotContain(SIGNATURE);
    }

    @Test
    void twoAuthorizationHeaders_areMalformed() {
        String header = "AWS4-HMAC-SHA256 Credential=" + CREDENTIAL + ", SignedHeaders=host, Signature=" + SIGNATURE;

        assertThat(HeaderAuthFields.parse(List.of(header, header)).rejection())
                .isEqualTo(Rejected.of(AuthFailure.MALFORMED_HEADER, "more than one Authorization header"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "AWS AKIAIOSFODNN7EXAMPLE:c2lnbmF0dXJl|AWS",
        "AWS4-ECDSA-P256-SHA256 Credential=x|AWS4-ECDSA-P256-SHA256",
        "aws4-hmac-sha256 Credential=x|aws4-hmac-sha256",
        "Bearer|Bearer"})
    void anotherScheme_isUnsupported_namingIt(String header, String scheme) {
        assertThat(parse(header).rejection())
                .isEqualTo(Rejected.of(AuthFailure.UNSUPPORTED_ALGORITHM, "Unsupported Authorization Type: " + scheme));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "AWS4-HMAC-SHA256|Authorization component without '=': AWS4-HMAC-SHA256",
        "AWS4-HMAC-SHA256 Credential=x, SignedHeaders|Authorization component without '=': SignedHeaders",
        "AWS4-HMAC-SHA256 Credential=x,, SignedHeaders=host|\"Authorization component without '=': \"",
        "AWS4-HMAC-SHA256 Credential=x, Foo=bar|unknown Authorization component Foo",
        "AWS4-HMAC-SHA256 credential=x|unknown Authorization component credential",
        "AWS4-HMAC-SHA256 Credential=x, Credential=y|Credential is given more than once",
        "AWS4-HMAC-SHA256 SignedHeaders=host, Signature=s, SignedHeaders=host|SignedHeaders is given more than once",
        "AWS4-HMAC-SHA256 Credential=x, SignedHeaders=host|the Authorization header needs Credential, SignedHeaders and Signature",
        "AWS4-HMAC-SHA256 Credential=x, Signature=0|the Authorization header needs Credential, SignedHeaders and Signature",
        "AWS4-HMAC-SHA256 Credential=x, SignedHeaders=host, Signature=abc|Signature must be 64 hex digits"})
    void badComponents_areMalformedHeader_withTheirReason(String header, String message) {
        assertThat(parse(header).rejection()).isEqualTo(Rejected.of(AuthFailure.MALFORMED_HEADER, message));
    }

    @Test
    void signature_mustBeExactlySixtyFourHexDigits_ofEitherCase() {
        String header = "AWS4-HMAC-SHA256 Credential=" + CREDENTIAL + ", SignedHeaders=host, Signature=";

        assertThat(parse(header + SIGNATURE.toUpperCase(java.util.Locale.ROOT)).isRejected()).isFalse();
        assertThat(parse(header + "z".repeat(64)).rejection().failure()).isEqualTo(AuthFailure.MALFORMED_HEADER);
        assertThat(parse(header + SIGNATURE + "0").rejection().failure()).isEqualTo(AuthFailure.MALFORMED_HEADER);
    }
}
