package io.edgestorage.objects;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.edgestorage.objects.support.FakeKeyService;
import io.edgestorage.objects.support.S3Clients;
import io.edgestorage.objects.support.SdkErrors;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * An {@code s3} blob store whose upstream cannot be reached: a PUT is a 503 ServiceUnavailable in S3 XML
 * (after the store's retries, within its timeouts), nothing is published, and requests that need no bytes
 * (buckets, listings) keep working.
 */
@QuarkusTest
@QuarkusTestResource(FakeKeyService.class)
@TestProfile(S3BlobBackendDownTest.UpstreamDown.class)
class S3BlobBackendDownTest {

    public static class UpstreamDown implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("edge.blob-store", "s3", "edge.blobs.s3.endpoint", "http://127.0.0.1:1",
                    "edge.blobs.s3.bucket", "nowhere", "edge.blobs.s3.access-key", "k", "edge.blobs.s3.secret-key", "s",
                    "edge.blobs.s3.connect-timeout", "500ms");
        }
    }

    @Test
    void aPut_isServiceUnavailable_andNothingIsPublished_whileBucketsStillWork() {
        S3Client s3 = S3Clients.accountA();
        String bucket = S3Clients.bucketName("upstream-down");
        s3.createBucket(b -> b.bucket(bucket));

        SdkErrors.assertS3Error(() -> s3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("bytes")),
                503, "ServiceUnavailable");

        SdkErrors.assertS3Error(() -> s3.headObject(b -> b.bucket(bucket).key("k")), 404, "NoSuchKey");
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> s3.getObject(b -> b.bucket(bucket).key("k")))
                .isInstanceOf(NoSuchKeyException.class);
    }
}
