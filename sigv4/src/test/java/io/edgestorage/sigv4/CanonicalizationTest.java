package io.edgestorage.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Named canonicalisation rules, as S3 applies them (after aws-sdk-java-v2 V4CanonicalRequestTest). */
class CanonicalizationTest {

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "plain path kept                  |/bucket/key.txt          |/bucket/key.txt",
        "empty path is slash              |''                       |/",
        "space encoded once               |/b/a%20b                 |/b/a%20b",
        "raw space encoded                |/b/a b                   |/b/a%20b",
        "plus in path is a literal plus   |/b/a+b                   |/b/a%2Bb",
        "tilde unencoded                  |/b/%7Euser               |/b/~user",
        "lower-case escape upper-cased    |/b/a%3fb                 |/b/a%3Fb",
        "escaped slash signs as a slash   |/b/a%2Fb                 |/b/a/b",
        "java sdk run of slashes          |/b/deep/%2Fruns/%2F/x    |/b/deep//runs///x",
        "no double encoding               |/b/100%25                |/b/100%25",
        "empty segments kept              |/b//k//                  |/b//k//",
        "dot segments kept                |/b/./k/../x              |/b/./k/../x",
        "utf-8 encoded                    |/b/é                     |/b/%C3%A9",
        "reserved chars encoded           |/b/a!*'()                |/b/a%21%2A%27%28%29",
        "stray percent becomes %25        |/b/100%zz                |/b/100%25zz"})
    void canonicalUri(String rule, String rawPath, String expected) {
        assertThat(SigV4.canonicalUri(rawPath)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "no query                         |                         |''",
        "sorted by name                   |b=2&a=1                  |a=1&b=2",
        "repeated names sorted by value   |a=2&a=1&a=10             |a=1&a=10&a=2",
        "empty value kept                 |acl=                     |acl=",
        "no equals gets empty value       |acl                      |acl=",
        "empty pairs dropped              |a=1&&b=2                 |a=1&b=2",
        "plus is a space                  |q=a+b                    |q=a%20b",
        "encoded plus stays plus          |q=a%2Bb                  |q=a%2Bb",
        "upper-case sorts first           |b=1&B=2&_=3              |B=2&_=3&b=1",
        "unreserved decoded               |k=%7E%2D%5F%2E           |k=~-_.",
        "slash encoded in values          |prefix=a/b               |prefix=a%2Fb",
        "equals in value kept encoded     |k=a=b                    |k=a%3Db",
        "utf-8 name                       |%E1%88%B4=1              |%E1%88%B4=1"})
    void canonicalQuery(String rule, String rawQuery, String expected) {
        assertThat(SigV4.canonicalQuery(rawQuery, false)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "trimmed                  |'  value  '        |value",
        "inner spaces collapsed   |'a   b    c'       |a b c",
        "tabs collapsed           |'a\t\tb'           |a b",
        "already canonical        |'a b'              |a b"})
    void canonicalHeaderValue(String rule, String value, String expected) {
        assertThat(SigV4.canonicalHeaderValue(List.of(value.replace("\\t", "\t")))).isEqualTo(expected);
    }

    @Test
    void repeatedHeaders_areJoinedWithCommasInArrivalOrder() {
        assertThat(SigV4.canonicalHeaderValue(List.of(" b ", "a", "c  d"))).isEqualTo("b,a,c d");
    }

    @Test
    void querySignature_isExcludedOnlyWhenAsked() {
        assertThat(SigV4.canonicalQuery("X-Amz-Signature=abc&a=1", true)).isEqualTo("a=1");
        assertThat(SigV4.canonicalQuery("X-Amz-Signature=abc&a=1", false)).isEqualTo("X-Amz-Signature=abc&a=1");
    }
}
