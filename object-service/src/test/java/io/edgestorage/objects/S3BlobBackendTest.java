package io.edgestorage.objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.edgestorage.objects.support.FakeKeyService;
import io.edgestorage.objects.support.S3Clients;
import io.edgestorage.objects.support.TestUpstreams;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * The whole data plane with {@code edge.blob-store=s3} in front of Ceph RGW: objects, ranges, copies and
 * multipart uploads through the S3 API, their bytes as objects of the upstream bucket under our own names.
 */
@QuarkusTest
@QuarkusTestResource(FakeKeyService.class)
@TestProfile(S3BlobBackendTest.OnCeph.class)
class S3BlobBackendTest {

    static final String UPSTREAM_BUCKET = "edge-blob-backend-test";
    static final String PREFIX = "service-test/";

    public static class OnCeph implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            TestUpstreams.CEPH.ensureBucket(UPSTREAM_BUCKET);
            return Map.of("edge.blob-store", "s3",
                    "edge.blobs.s3.endpoint", TestUpstreams.CEPH.endpoint(),
                    "edge.blobs.s3.bucket", UPSTREAM_BUCKET,
                    "edge.blobs.s3.prefix", PREFIX,
                    "edge.blobs.s3.access-key", TestUpstreams.CEPH.accessKey(),
                    "edge.blobs.s3.secret-key", TestUpstreams.CEPH.secretKey(),
                    "edge.blobs.s3.multipart-threshold", "6M",
                    "edge.blobs.s3.part-size", "5M");
        }
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static String md5Hex(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
    }

    private static List<String> upstreamKeys() {
        return TestUpstreams.CEPH.keys(UPSTREAM_BUCKET, PREFIX);
    }

    @Test
    void anObject_roundTrips_asAnUpstreamObjectNamedByItsBlob_andGoesWithIt() throws Exception {
        S3Client s3 = S3Clients.accountA();
        String bucket = S3Clients.bucketName("s3-backend");
        s3.createBucket(b -> b.bucket(bucket));
        byte[] data = random(200_000, 1);
        List<String> before = upstreamKeys();

        String etag = s3.putObject(b -> b.bucket(bucket).key("photos/cat.jpg"), RequestBody.fromBytes(data)).eTag();

        assertThat(etag).isEqualTo("\"" + md5Hex(data) + "\"");
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("photos/cat.jpg")).asByteArray()).isEqualTo(data);
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("photos/cat.jpg").range("bytes=100-199")).asByteArray())
                .isEqualTo(java.util.Arrays.copyOfRange(data, 100, 200));
        List<String> added = new ArrayList<>(upstreamKeys());
        added.removeAll(before);
        assertThat(added).hasSize(1).allSatisfy(k -> assertThat(k).matches(PREFIX + "[0-9a-f]{32}"));

        s3.deleteObject(b -> b.bucket(bucket).key("photos/cat.jpg"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(upstreamKeys()).doesNotContainAnyElementsOf(added));
    }

    @Test
    void aCopy_andAMultipartUpload_areServedWhole() throws Exception {
        S3Client s3 = S3Clients.accountA();
        String bucket = S3Clients.bucketName("s3-backend-mp");
        s3.createBucket(b -> b.bucket(bucket));
        byte[] part1 = random(5 * 1024 * 1024, 2);
        byte[] part2 = random(5 * 1024 * 1024 + 3, 3);
        byte[] part3 = random(1000, 4);

        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key("big.bin")).uploadId();
        List<CompletedPart> parts = new ArrayList<>();
        int n = 1;
        for (byte[] part : List.of(part1, part2, part3)) {
            int number = n++;
            String etag = s3.uploadPart(b -> b.bucket(bucket).key("big.bin").uploadId(uploadId).partNumber(number),
                    RequestBody.fromBytes(part)).eTag();
            parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
        }
        String etag = s3.completeMultipartUpload(b -> b.bucket(bucket).key("big.bin").uploadId(uploadId)
                .multipartUpload(m -> m.parts(parts))).eTag();

        byte[] whole = new byte[part1.length + part2.length + part3.length];
        System.arraycopy(part1, 0, whole, 0, part1.length);
        System.arraycopy(part2, 0, whole, part1.length, part2.length);
        System.arraycopy(part3, 0, whole, part1.length + part2.length, part3.length);
        assertThat(etag).endsWith("-3\"");
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("big.bin")).asByteArray()).isEqualTo(whole);

        s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("big.bin").destinationBucket(bucket).destinationKey("copy.bin"));
        assertThat(s3.headObject(b -> b.bucket(bucket).key("copy.bin")).eTag()).isEqualTo("\"" + md5Hex(whole) + "\"");
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("copy.bin")).asByteArray()).isEqualTo(whole);
        assertThat(TestUpstreams.CEPH.pendingUploads(UPSTREAM_BUCKET, PREFIX)).isZero();
    }
}
