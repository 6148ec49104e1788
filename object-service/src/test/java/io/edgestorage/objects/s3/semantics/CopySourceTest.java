package io.edgestorage.objects.s3.semantics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.edgestorage.objects.S3Error;
import io.edgestorage.objects.S3Exception;

class CopySourceTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "src/key.txt | src | key.txt",
        "/src/key.txt | src | key.txt",
        "  /src/a/b/c  | src | a/b/c",
        "src/caf%C3%A9%20menu | src | café menu",
        "src/a%2Fb | src | a/b",
        "src/key?versionId=null | src | key"})
    void theHeader_namesBucketAndDecodedKey(String header, String bucket, String key) {
        assertThat(CopySource.parse(header)).isEqualTo(new CopySource(bucket, key));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"src", "src/", "/src", "/key-without-bucket", "src/key?versionId=3HL4kqtJlcpXroDTDmJ"})
    void aHeaderWithoutBucketAndKey_orWithAVersion_isInvalidArgument(String header) {
        assertThatThrownBy(() -> CopySource.parse(header)).isInstanceOfSatisfying(S3Exception.class,
                e -> assertThat(e.error()).isEqualTo(S3Error.INVALID_ARGUMENT));
    }

    @ParameterizedTest(name = "{0} of 10 bytes")
    @CsvSource({"bytes=0-9, 0, 10", "bytes=3-6, 3, 4", "bytes=9-9, 9, 1"})
    void aRangeInsideTheSource_isCopied(String header, long first, long length) {
        ByteRange range = CopySource.range(header, 10);
        assertThat(range.first()).isEqualTo(first);
        assertThat(range.length()).isEqualTo(length);
    }

    @ParameterizedTest(name = "{0} of 10 bytes")
    @ValueSource(strings = {"bytes=0-10", "bytes=5-", "bytes=-3", "bytes=6-3", "items=0-1", "bytes=0-1,3-4"})
    void anyOtherRange_isInvalidArgument(String header) {
        assertThatThrownBy(() -> CopySource.range(header, 10)).isInstanceOfSatisfying(S3Exception.class,
                e -> assertThat(e.error()).isEqualTo(S3Error.INVALID_ARGUMENT));
    }
}
