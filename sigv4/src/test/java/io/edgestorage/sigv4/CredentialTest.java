package io.edgestorage.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** The shape of a credential; which scopes are accepted is the verifier's check (SigV4VerifierTest). */
class CredentialTest {

    @Test
    void wellFormedCredential_yieldsAccessKeyIdAndScope() {
        Credential credential = Credential.parse("AKIAIOSFODNN7EXAMPLE/20240501/us-east-1/s3/aws4_request",
                AuthFailure.MALFORMED_HEADER).value();

        assertThat(credential.accessKeyId()).isEqualTo("AKIAIOSFODNN7EXAMPLE");
        assertThat(credential.scope()).isEqualTo(new CredentialScope("20240501", "us-east-1", "s3"));
    }

    @Test
    void accessKeyId_mayHoldSlashes_theScopeIsTheLastFourElements() {
        Credential credential = Credential.parse("team/key/20240501/eu-west-1/s3/aws4_request",
                AuthFailure.MALFORMED_QUERY).value();

        assertThat(credential.accessKeyId()).isEqualTo("team/key");
        assertThat(credential.scope().region()).isEqualTo("eu-west-1");
    }

    @ParameterizedTest(name = "''{0}''")
    @CsvSource(delimiter = '|', value = {
        "AKID|Credential must be <access key id>/<date>/<region>/<service>/aws4_request",
        "AKID/20240501/us-east-1/s3|Credential must be <access key id>/<date>/<region>/<service>/aws4_request",
        "20240501/us-east-1/s3/aws4_request|Credential must be <access key id>/<date>/<region>/<service>/aws4_request",
        "/20240501/us-east-1/s3/aws4_request|Credential must be <access key id>/<date>/<region>/<service>/aws4_request",
        "''|Credential must be <access key id>/<date>/<region>/<service>/aws4_request",
        "AKID/2024-5-1/us-east-1/s3/aws4_request|Credential date must be yyyyMMdd and region/service non-empty",
        "AKID/2024051/us-east-1/s3/aws4_request|Credential date must be yyyyMMdd and region/service non-empty",
        "AKID/2024050x/us-east-1/s3/aws4_request|Credential date must be yyyyMMdd and region/service non-empty",
        "AKID/20240501//s3/aws4_request|Credential date must be yyyyMMdd and region/service non-empty",
        "AKID/20240501/us-east-1//aws4_request|Credential date must be yyyyMMdd and region/service non-empty"})
    void badShape_isTheCallersMalformedFailure_namingTheCredential(String text, String reason) {
        for (AuthFailure malformed : new AuthFailure[] {AuthFailure.MALFORMED_HEADER, AuthFailure.MALFORMED_QUERY}) {
            Verification.Rejected rejected = Credential.parse(text, malformed).rejection();

            assertThat(rejected.failure()).isEqualTo(malformed);
            assertThat(rejected.message()).isEqualTo(reason + ": " + text);
        }
    }

    @ParameterizedTest
    @EnumSource(value = AuthFailure.class, names = {"MALFORMED_HEADER", "MALFORMED_QUERY"})
    void wrongTerminator_isAScopeMismatch_whereverTheCredentialCameFrom(AuthFailure malformed) {
        Verification.Rejected rejected = Credential.parse("AKID/20240501/us-east-1/s3/aws5_request", malformed).rejection();

        assertThat(rejected.failure()).isEqualTo(AuthFailure.SCOPE_MISMATCH);
        assertThat(rejected.message()).isEqualTo("the credential terminator is wrong; expecting 'aws4_request'");
    }

    @Test
    void badShape_isReportedBeforeAWrongTerminator() {
        assertThat(Credential.parse("AKID/2024/us-east-1/s3/aws5_request", AuthFailure.MALFORMED_QUERY).rejection().failure())
                .isEqualTo(AuthFailure.MALFORMED_QUERY);
    }
}
