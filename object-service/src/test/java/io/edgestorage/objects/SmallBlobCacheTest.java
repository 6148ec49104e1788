package io.edgestorage.objects;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.edgestorage.objects.blob.BlobStore;
import io.edgestorage.objects.blob.SmallBlobCache;
import io.edgestorage.objects.support.FakeKeyService;
import io.edgestorage.objects.support.S3Clients;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Small blobs are answered from memory, never stale, and large ones are not kept. */
@QuarkusTest
@QuarkusTestResource(FakeKeyService.class)
class SmallBlobCacheTest {

    @Inject
    BlobStore blobs;

    private SmallBlobCache cache() {
        return (SmallBlobCache) ((ClientProxy) blobs).arc_contextualInstance();
    }

    private static byte[] filled(int size, char c) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) c);
        return bytes;
    }

    @Test
    void aSmallObject_isCachedAfterItsFirstGet_andRangesAreCutFromTheCachedBytes() {
        try (S3Client s3 = S3Clients.accountA()) {
            String bucket = S3Clients.bucketName("cache");
            s3.createBucket(b -> b.bucket(bucket));
            byte[] body = "0123456789".repeat(1000).getBytes(StandardCharsets.US_ASCII);
            s3.putObject(b -> b.bucket(bucket).key("small"), RequestBody.fromBytes(body));
            long before = cache().cachedBytes();

            assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("small")).asByteArray()).isEqualTo(body);
            assertThat(cache().cachedBytes()).isGreaterThanOrEqualTo(before + body.length);
            assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("small")).asByteArray()).isEqualTo(body);
            assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("small").range("bytes=1005-1009")).asUtf8String())
                    .isEqualTo("56789");
        }
    }

    @Test
    void anOverwrite_isSeenAtOnce_becauseTheNewVersionIsANewBlob() {
        try (S3Client s3 = S3Clients.accountA()) {
            String bucket = S3Clients.bucketName("cache");
            s3.createBucket(b -> b.bucket(bucket));
            s3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("first version"));
            assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("k")).asUtf8String()).isEqualTo("first version");
            s3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("second version"));
            assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("k")).asUtf8String()).isEqualTo("second version");
            s3.deleteObject(b -> b.bucket(bucket).key("k"));
            assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).isEmpty();
        }
    }

    @Test
    void anObjectAboveTheSizeLimit_isSentFromDisk_andNotKept() {
        try (S3Client s3 = S3Clients.accountA()) {
            String bucket = S3Clients.bucketName("cache");
            s3.createBucket(b -> b.bucket(bucket));
            byte[] body = filled(200 * 1024, 'x');
            s3.putObject(b -> b.bucket(bucket).key("large"), RequestBody.fromBytes(body));
            long before = cache().cachedBytes();
            assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("large")).asByteArray()).isEqualTo(body);
            assertThat(cache().cachedBytes()).isLessThan(before + body.length);
        }
    }
}
