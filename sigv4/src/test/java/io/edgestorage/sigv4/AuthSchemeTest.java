package io.edgestorage.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AuthSchemeTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "plain GET                     |                                       |k=v                                    |ANONYMOUS",
        "presigned SigV4               |                                       |X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=ab|SIGV4_QUERY",
        "presigned SigV2 (boto3)       |                                       |AWSAccessKeyId=AK&Signature=x%3D&Expires=1|SIGV2_QUERY",
        "SigV4 header                  |AWS4-HMAC-SHA256 Credential=a, SignedHeaders=host, Signature=b||SIGV4_HEADER",
        "SigV2 header                  |AWS AK:c2ln                            |                                       |SIGV2_HEADER",
        "bearer token                  |Bearer abc                             |                                       |AMBIGUOUS_OR_UNKNOWN",
        "header and query together     |AWS AK:c2ln                            |X-Amz-Signature=ab                     |AMBIGUOUS_OR_UNKNOWN",
        "SigV2 and SigV4 query together|                                       |AWSAccessKeyId=AK&X-Amz-Credential=c    |AMBIGUOUS_OR_UNKNOWN"})
    void detect_namesTheSchemeTheRequestClaims(String name, String authorization, String query, AuthScheme expected) {
        SimpleHttpRequest.Builder b = SimpleHttpRequest.builder().method("GET").rawPath("/b/k").rawQuery(query);
        if (authorization != null) {
            b.header("Authorization", authorization);
        }

        assertThat(AuthScheme.detect(b.build())).isEqualTo(expected);
    }
}
