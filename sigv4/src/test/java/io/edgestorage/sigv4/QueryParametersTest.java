package io.edgestorage.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one reading of a query string: split on '&' only, names and values decoded once, names case-sensitive. */
class QueryParametersTest {

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "NULL|[]",
        "''|[]",
        "acl|[acl]",
        "uploads&prefix=a%2Fb|[uploads, prefix=a/b]",
        "%61cl=|[acl=]",
        "response%2Dcontent%2Dtype=text%2Fhtml|[response-content-type=text/html]",
        "response+content=x+y|[response content=x y]",
        "a=1&&b=2|[a=1, b=2]",
        "a=1;tagging|[a=1;tagging]",
        "x=1;response-content-type=text/html|[x=1;response-content-type=text/html]",
        "uploadId=x=y|[uploadId=x=y]",
        "=novalue&key|[=novalue, key]",
        "UPLOADS&uploads|[UPLOADS, uploads]",
        "v=%e2%82%ac%E2%82%AC|[v=€€]",
        "a=%2B+%20|[a=+  ]"})
    void parse_splitsOnAmpersandOnly_andDecodesNamesAndValuesOnce(String raw, String expected) {
        assertThat(QueryParameters.parse(raw).toString()).isEqualTo(expected);
    }

    @Test
    void lookups_matchTheDecodedNameInItsExactCase() {
        QueryParameters q = QueryParameters.parse("%75ploads&UploadId=1&uploadId=2&uploadId=3&partNumber");

        assertThat(q.contains("uploads")).isTrue();
        assertThat(q.contains("UPLOADS")).isFalse();
        assertThat(q.count("uploadId")).isEqualTo(2);
        assertThat(q.first("uploadId")).isEqualTo("2");
        assertThat(q.first("partNumber")).isEmpty();
        assertThat(q.all("partNumber").get(0).hasValue()).isFalse();
        assertThat(q.first("missing")).isNull();
        assertThat(q.names()).containsExactly("uploads", "UploadId", "uploadId", "uploadId", "partNumber");
    }

    @Test
    void rawForms_areKeptForSigning() {
        QueryParameters.Parameter p = QueryParameters.parse("X-Amz-Credential=AK%2F20240501%2Fus-east-1").all().get(0);

        assertThat(p.rawName()).isEqualTo("X-Amz-Credential");
        assertThat(p.rawValue()).isEqualTo("AK%2F20240501%2Fus-east-1");
        assertThat(p.value()).isEqualTo("AK/20240501/us-east-1");
        assertThat(p.value()).isSameAs(p.value()); // decoded once
    }

    @Test
    void semicolonAndItsEscape_areOneCharacter_forVerifierAndRouterAlike() {
        QueryParameters encoded = QueryParameters.parse("response-content-disposition=inline%3Bresponse-content-type%3Dtext%2Fhtml");
        QueryParameters literal = QueryParameters.parse("response-content-disposition=inline;response-content-type=text%2Fhtml");

        assertThat(literal.names()).isEqualTo(encoded.names()).isEqualTo(List.of("response-content-disposition"));
        assertThat(literal.first("response-content-disposition")).isEqualTo(encoded.first("response-content-disposition"))
                .isEqualTo("inline;response-content-type=text/html");
        assertThat(literal.canonical(null)).isEqualTo(encoded.canonical(null));
    }
}
