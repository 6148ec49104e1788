package io.edgestorage.objects.s3.semantics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ByteRangeTest {

    @ParameterizedTest(name = "{0} of 10 bytes")
    @CsvSource({
        "bytes=0-4, 0, 4, false",
        "bytes=5-, 5, 9, false",
        "bytes=-3, 7, 9, false",
        "bytes=-30, 0, 9, false",
        "bytes=8-100, 8, 9, false",
        "bytes=10-12, 0, 0, true",
        "bytes=-0, 0, 0, true",
        "bytes=10-, 0, 0, true",
        "bytes=15-, 0, 0, true",
        "bytes=99999999999999999999-, 0, 0, true",
        "bytes=0-99999999999999999999, 0, 9, false",
        "bytes=-99999999999999999999, 0, 9, false"})
    void singleRanges_resolveAgainstTheSize(String header, long first, long last, boolean unsatisfiable) {
        ByteRange r = ByteRange.parse(header, 10);
        assertThat(r.unsatisfiable()).isEqualTo(unsatisfiable);
        if (!unsatisfiable) {
            assertThat(r.first()).isEqualTo(first);
            assertThat(r.last()).isEqualTo(last);
        }
    }

    @ParameterizedTest(name = "{0} is ignored")
    @CsvSource(delimiter = '|', value = {"items=0-1", "bytes=0-1,3-4", "bytes=abc", "bytes=5-2", "bytes=-", "bytes=+1-2",
        "bytes=1e3-", "bytes=0x1-"})
    void malformedOrMultiRanges_areIgnored(String header) {
        assertThat(ByteRange.parse(header, 10)).isNull();
    }
}
