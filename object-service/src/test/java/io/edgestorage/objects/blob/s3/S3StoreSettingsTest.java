package io.edgestorage.objects.blob.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class S3StoreSettingsTest {

    private static S3StoreSettings settings(String endpoint, String bucket, String prefix, boolean pathStyle,
            int partSize) {
        return new S3StoreSettings(URI.create(endpoint), "us-east-1", bucket, "key", "secret", pathStyle, prefix,
                Optional.empty(), 64 << 20, partSize, 4, 64, Duration.ofSeconds(2), Duration.ofSeconds(30), 2);
    }

    @Test
    void theHostHeader_dropsTheSchemesDefaultPort_andNamesTheBucketInVirtualHostStyle() {
        assertThat(settings("http://127.0.0.1:7480", "b", "blobs/", true, 5 << 20).authority()).isEqualTo("127.0.0.1:7480");
        assertThat(settings("https://s3.eu-west-1.amazonaws.com", "b", "blobs/", false, 5 << 20).authority())
                .isEqualTo("b.s3.eu-west-1.amazonaws.com");
        assertThat(settings("https://s3.example:443", "b", "blobs/", true, 5 << 20).authority()).isEqualTo("s3.example");
        assertThat(settings("https://s3.example", "b", "blobs/", true, 5 << 20).port()).isEqualTo(443);
    }

    @Test
    void badSettings_failStartup_namingTheSetting() {
        assertThatThrownBy(() -> settings("ftp://x", "b", "blobs/", true, 5 << 20))
                .hasMessageContaining("edge.blobs.s3.endpoint");
        assertThatThrownBy(() -> settings("http://x", " ", "blobs/", true, 5 << 20))
                .hasMessageContaining("edge.blobs.s3.bucket");
        assertThatThrownBy(() -> settings("http://x", "b", "", true, 5 << 20))
                .as("the sweep must never see the whole bucket").hasMessageContaining("edge.blobs.s3.prefix");
        assertThatThrownBy(() -> settings("http://x", "b", "blobs/", true, 1 << 20)).hasMessageContaining("5 MiB");
        assertThatThrownBy(() -> new S3StoreSettings(URI.create("http://x"), "us-east-1", "b", "", "s", true, "p/",
                Optional.empty(), 1, 5 << 20, 1, 1, Duration.ofSeconds(1), Duration.ofSeconds(1), 0))
                .hasMessageContaining("access-key");
    }
}
