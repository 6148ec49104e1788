package io.edgestorage.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import io.edgestorage.sigv4.Verification.Rejected;

class QueryAuthFieldsTest {

    private static final String SIGNATURE = "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404";
    private static final String QUERY = "X-Amz-Algorithm=AWS4-HMAC-SHA256"
            + "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
            + "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
            + "&X-Amz-Signature=" + SIGNATURE;

    private static ParseStep<QueryAuthFields> parse(String rawQuery) {
        return QueryAuthFields.parse(QueryParameters.parse(rawQuery));
    }

    private static QueryAuthFields fields(String expires, String amzDate) {
        return new QueryAuthFields("AKID/20130524/us-east-1/s3/aws4_request", amzDate, expires, "host", SIGNATURE);
    }

    static Stream<String> authParameters() {
        return Stream.of("X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires", "X-Amz-SignedHeaders",
                "X-Amz-Signature");
    }

    @Test
    void sixParameters_areDecodedAndPickedOut_whateverElseTheQueryHolds() {
        QueryAuthFields fields = parse("uploads&" + QUERY + "&x-id=PutObject").value();

        assertThat(fields.credential()).isEqualTo("AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request");
        assertThat(fields.amzDate()).isEqualTo("20130524T000000Z");
        assertThat(fields.expires()).isEqualTo("86400");
        assertThat(fields.signedHeaders()).isEqualTo("host");
        assertThat(fields.signature()).isEqualTo(SIGNATURE);
        assertThat(fields.toString()).doesNotContain(SIGNATURE);
    }

    @Test
    void aParameterNamePercentEncoded_isThatParameter() {
        assertThat(parse(QUERY.replace("X-Amz-Expires", "X%2DAmz%2DExpires")).value().expires()).isEqualTo("86400");
    }

    @ParameterizedTest
    @MethodSource("authParameters")
    void eachMissingParameter_isMissingQueryParameter_namingIt(String name) {
        String query = QUERY.replaceAll("&?" + name + "=[^&]*", "");

        Rejected rejected = parse(query).rejection();

        assertThat(rejected.failure()).isEqualTo(AuthFailure.MISSING_QUERY_PARAMETER);
        assertThat(rejected.message()).isEqualTo(name + " is missing. " + AuthFailure.MISSING_QUERY_PARAMETER.message());
    }

    @Test
    void namesMatchInTheirExactCase() {
        assertThat(parse(QUERY.replace("X-Amz-Date", "x-amz-date")).rejection().message()).startsWith("X-Amz-Date is missing");
    }

    @ParameterizedTest
    @MethodSource("authParameters")
    void eachParameterGivenTwice_isMalformedQuery_evenWithAnotherOneMissing(String name) {
        String missing = name.equals("X-Amz-Expires") ? "X-Amz-Date" : "X-Amz-Expires";
        String query = QUERY.replaceAll(missing + "=[^&]*&", "") + "&" + name + "=again";

        assertThat(parse(query).rejection()).isEqualTo(Rejected.of(AuthFailure.MALFORMED_QUERY, name + " is given more than once"));
    }

    @Test
    void anotherAlgorithm_isUnsupported_onceAllSixAreThere() {
        assertThat(parse(QUERY.replace("AWS4-HMAC-SHA256", "AWS4-ECDSA-P256-SHA256")).rejection().failure())
                .isEqualTo(AuthFailure.UNSUPPORTED_ALGORITHM);
        assertThat(parse(QUERY.replace("AWS4-HMAC-SHA256", "AWS4-ECDSA-P256-SHA256").replaceAll("&X-Amz-Expires=[^&]*", ""))
                .rejection().failure()).isEqualTo(AuthFailure.MISSING_QUERY_PARAMETER);
    }

    @Test
    void isPresent_whenAnyOfAlgorithmCredentialOrSignatureIsThere() {
        assertThat(QueryAuthFields.isPresent(QueryParameters.parse("X-Amz-Algorithm=x"))).isTrue();
        assertThat(QueryAuthFields.isPresent(QueryParameters.parse("X-Amz-Credential=x"))).isTrue();
        assertThat(QueryAuthFields.isPresent(QueryParameters.parse("X-Amz-Signature=x"))).isTrue();
        assertThat(QueryAuthFields.isPresent(QueryParameters.parse("X-Amz-Date=x&X-Amz-Expires=1&uploads"))).isFalse();
        assertThat(QueryAuthFields.isPresent(QueryParameters.parse(null))).isFalse();
    }

    @Test
    void requestTime_isTheBasicIsoDate_orMalformedQuery() {
        assertThat(fields("1", "20130524T000000Z").requestTime().value()).isEqualTo(Instant.parse("2013-05-24T00:00:00Z"));
        for (String bad : new String[] {"2013-05-24T00:00:00Z", "20131324T000000Z", "20130524T000000", ""}) {
            assertThat(fields("1", bad).requestTime().rejection().failure()).as(bad).isEqualTo(AuthFailure.MALFORMED_QUERY);
        }
    }

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource(delimiter = '|', value = {
        "1|1",
        "604800|604800",
        "000060|60"})
    void expires_withinSevenDays_isItsSeconds(String text, long seconds) {
        assertThat(fields(text, "20130524T000000Z").expiresSeconds().value()).isEqualTo(seconds);
    }

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource(delimiter = '|', value = {
        "''|MALFORMED_QUERY",
        "-|MALFORMED_QUERY",
        "1h|MALFORMED_QUERY",
        "+60|MALFORMED_QUERY",
        "6 0|MALFORMED_QUERY",
        "1234567890123|MALFORMED_QUERY",
        "0|EXPIRED",
        "-5|EXPIRES_NEGATIVE",
        "604801|EXPIRES_TOO_LONG",
        "999999999999|EXPIRES_TOO_LONG"})
    void expires_notANumberOrOutOfRange_isItsOneFailure(String text, AuthFailure expected) {
        assertThat(fields(text, "20130524T000000Z").expiresSeconds().rejection().failure()).isEqualTo(expected);
    }
}
