package io.edgestorage.objects.s3;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How a call is addressed: in virtual-host style ({@code EDGE_S3_DOMAIN}), which Host headers name a bucket. */
class S3CallTest {

    @ParameterizedTest(name = "{0} under {1} -> ''{2}''")
    @CsvSource({
        "photos.s3.example.com, s3.example.com, photos",
        "photos.s3.example.com:9000, s3.example.com, photos",
        "PHOTOS.S3.Example.com, s3.example.com, photos",
        "my.dotted.bucket.s3.example.com, s3.example.com, my.dotted.bucket",
        "s3.example.com, s3.example.com, ''",
        "localhost:9000, s3.example.com, ''",
        "evil-s3.example.com, s3.example.com, ''"})
    void hostHeader_namesTheBucket_onlyUnderTheConfiguredDomain(String host, String domain, String bucket) {
        assertThat(S3Call.bucketFromHost(host, domain).orElse("")).isEqualTo(bucket);
    }
}
