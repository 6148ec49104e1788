package io.edgestorage.objects.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.edgestorage.objects.S3Exception;
import io.edgestorage.sigv4.QueryParameters;
import io.edgestorage.sigv4.SigV4;
import io.edgestorage.sigv4.UriEncoding;
import io.edgestorage.sigv4.v2.SigV2;

/** The query parameters the router dispatches on are the ones the signature verifiers read. */
class S3QueryTest {

    private static final String[] TOKENS = {"uploads", "%75ploads", "upload%49d", "uploadId", "partNumber",
        "%70artNumber", "response-content-type", "response%2Dcontent%2Dtype", "UPLOADS", "Response-Content-Type",
        "versionId", "list-type", "prefix", "x", "=", "=", "&", "&", ";", "+", "%3B", "%26", "%3D", "%2B", "%20",
        "text%2Fhtml", "text/html", "1", "%e2%82%ac"};

    private static S3Query query(String raw) {
        return new S3Query(QueryParameters.parse(raw));
    }

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource(delimiter = '|', value = {
        "''|''",
        "acl|acl",
        "uploads&prefix=a%2Fb|uploads,prefix",
        "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=ab%3D|X-Amz-Algorithm,X-Amz-Signature",
        "%61cl=|acl",
        "response+content=x|response content",
        "a=1&&b=2|a,b",
        "a=1;tagging|a",
        "x=1;response-content-type=text/html|x",
        "uploadId=x=y|uploadId",
        "%75ploads&%75ploadId=1&%70artNumber=2|uploads,uploadId,partNumber"})
    void names_areSplitOnAmpersandOnly_andDecoded(String raw, String expected) {
        List<String> want = expected.isEmpty() ? List.of() : List.of(expected.split(","));
        assertThat(query(raw).names()).containsExactlyElementsOf(want);
    }

    @Test
    void aSemicolon_neverStartsAParameter() {
        S3Query q = query("x=1;response-content-type=text/html");

        assertThat(q.has("response-content-type")).isFalse();
        assertThat(q.param("response-content-type")).isNull();
        assertThat(q.param("x")).isEqualTo("1;response-content-type=text/html");
    }

    @Test
    void names_matchInTheirExactCase() {
        S3Query q = query("UPLOADS&Response-Content-Type=text%2Fhtml&UploadId=1");

        assertThat(q.has("uploads")).isFalse();
        assertThat(q.param("response-content-type")).isNull();
        assertThat(q.param("uploadId")).isNull();
    }

    @Test
    void aValueGivenTwice_isInvalidArgument_notTheFirstOrTheLast() {
        S3Query q = query("response-content-type=text%2Fplain&response-content-type=text%2Fhtml&uploads&uploads");

        assertThatThrownBy(() -> q.param("response-content-type")).isInstanceOfSatisfying(S3Exception.class,
                e -> assertThat(e.error().code()).isEqualTo("InvalidArgument"));
        assertThat(q.has("uploads")).isTrue();
    }

    /**
     * Seeded generated queries built from the tokens of the known rewrites: every parameter the router
     * sees is signed, under the same name and value, by SigV4's canonical query and (for sub-resources and
     * response overrides) by SigV2's canonicalized resource.
     */
    @Test
    void forGeneratedQueries_theRoutersViewIsWhatTheVerifiersSign() {
        Random random = new Random(20261207L);
        for (int i = 0; i < 5000; i++) {
            StringBuilder raw = new StringBuilder();
            int tokens = random.nextInt(12);
            for (int t = 0; t < tokens; t++) {
                raw.append(TOKENS[random.nextInt(TOKENS.length)]);
            }
            String rawQuery = raw.toString();
            S3Query router = query(rawQuery);
            QueryParameters verified = QueryParameters.parse(rawQuery);
            List<Map.Entry<String, String>> seen = new ArrayList<>();
            for (String name : router.names().stream().distinct().toList()) {
                if (verified.count(name) > 1) {
                    assertThatThrownBy(() -> router.param(name)).as(rawQuery).isInstanceOf(S3Exception.class);
                    verified.all(name).forEach(p -> seen.add(Map.entry(name, p.value())));
                } else {
                    seen.add(Map.entry(name, router.param(name)));
                }
            }
            String sigV4FromRouter = seen.stream()
                    .map(e -> Map.entry(UriEncoding.encode(e.getKey(), false), UriEncoding.encode(e.getValue(), false)))
                    .sorted(Map.Entry.<String, String>comparingByKey().thenComparing(Map.Entry.comparingByValue()))
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("&"));
            assertThat(SigV4.canonicalQuery(rawQuery, false)).as(rawQuery).isEqualTo(sigV4FromRouter);

            String resource = SigV2.canonicalizedResource("/b/k", rawQuery);
            for (String name : router.names()) {
                if (SigV2.SUB_RESOURCES.contains(name)) {
                    assertThat(resource).as(rawQuery).containsPattern("[?&]" + java.util.regex.Pattern.quote(name) + "(=|&|$)");
                }
            }
        }
    }
}
