package io.edgestorage.objects.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The query parameter names a request is routed by, read without decoding the values. */
class S3CallQueryTest {

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource(delimiter = '|', value = {
        "''|''",
        "acl|acl",
        "uploads&prefix=a%2Fb|uploads,prefix",
        "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=ab%3D|X-Amz-Algorithm,X-Amz-Signature",
        "%61cl=|acl",
        "response+content=x|response content",
        "a=1&&b=2|a,b",
        "a=1;tagging|a,tagging",
        "uploadId=x=y|uploadId",
        "=novalue&key|key"})
    void parameterNames_areSplitLikeVertxAndDecodedOnlyWhenEncoded(String query, String expected) {
        List<String> want = expected.isEmpty() ? List.of() : List.of(expected.split(","));
        assertThat(S3Call.parameterNames(query)).containsExactlyElementsOf(want);
    }
}
