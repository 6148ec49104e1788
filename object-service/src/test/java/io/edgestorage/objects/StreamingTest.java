package io.edgestorage.objects;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.edgestorage.common.testing.InternalApi;
import io.edgestorage.objects.blob.BlobSweeper;
import io.edgestorage.objects.support.FakeKeyService;
import io.edgestorage.objects.support.S3Clients;
import io.edgestorage.objects.support.Signing;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Large bodies stream in and out without being held in memory; orphans are swept. */
@QuarkusTest
@QuarkusTestResource(FakeKeyService.class)
class StreamingTest {

    static final long SIZE = 1024L * 1024 * 1024;

    @ConfigProperty(name = "edge.blobs.dir")
    String blobDir;

    @Inject
    BlobSweeper sweeper;

    /** A deterministic generated body of {@code size} bytes, never materialised. */
    static InputStream generated(long size) {
        return new InputStream() {
            long left = size;

            @Override
            public int read() {
                if (left == 0) {
                    return -1;
                }
                left--;
                return (int) (left * 31 & 0xff);
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left == 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                for (int i = 0; i < n; i++) {
                    left--;
                    b[off + i] = (byte) (left * 31 & 0xff);
                }
                return n;
            }
        };
    }

    static String md5(InputStream in) throws Exception {
        MessageDigest md = MessageDigest.getInstance("MD5");
        byte[] buf = new byte[1 << 16];
        for (int n; (n = in.read(buf)) > 0;) {
            md.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    @Test
    void aOneGiBObject_streamsThroughPresignedPutAndGet_withItsMd5Intact() throws Exception {
        String expected = md5(generated(SIZE));
        try (S3Client s3 = S3Clients.accountA()) {
            String bucket = S3Clients.bucketName("stream");
            s3.createBucket(b -> b.bucket(bucket));
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            Supplier<InputStream> body = () -> generated(SIZE);
            HttpRequest put = HttpRequest.newBuilder(URI.create(Signing.presignA("PUT", bucket, "big.bin", Map.of())))
                    .timeout(Duration.ofMinutes(3))
                    .PUT(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(body), SIZE))
                    .build();
            HttpResponse<String> putResponse = http.send(put, HttpResponse.BodyHandlers.ofString());
            assertThat(putResponse.statusCode()).as(putResponse.body()).isEqualTo(200);
            assertThat(putResponse.headers().firstValue("etag")).hasValue("\"" + expected + "\"");

            HttpRequest get = HttpRequest.newBuilder(URI.create(Signing.presignA("GET", bucket, "big.bin", Map.of())))
                    .timeout(Duration.ofMinutes(3)).build();
            HttpResponse<InputStream> getResponse = http.send(get, HttpResponse.BodyHandlers.ofInputStream());
            assertThat(getResponse.statusCode()).isEqualTo(200);
            assertThat(getResponse.headers().firstValueAsLong("content-length")).hasValue(SIZE);
            try (InputStream in = getResponse.body()) {
                assertThat(md5(in)).isEqualTo(expected);
            }
            s3.deleteObject(b -> b.bucket(bucket).key("big.bin"));
        }
    }

    @Test
    void sweeper_removesOldUnreferencedBlobs_andKeepsReferencedOnes() throws Exception {
        try (S3Client s3 = S3Clients.accountA()) {
            String bucket = S3Clients.bucketName("sweep");
            s3.createBucket(b -> b.bucket(bucket));
            s3.putObject(b -> b.bucket(bucket).key("kept"), RequestBody.fromString("still here"));
            Path root = Path.of(blobDir).toAbsolutePath().normalize();
            Path orphan = root.resolve("ab").resolve("ab0123456789orphan0000000000000");
            Files.writeString(orphan, "left by a crash");
            FileTime old = FileTime.from(Instant.now().minus(Duration.ofHours(1)));
            Files.setLastModifiedTime(orphan, old);
            try (var files = Files.walk(root, 2)) {
                for (Path p : files.filter(Files::isRegularFile).toList()) {
                    Files.setLastModifiedTime(p, old);
                }
            }
            sweeper.sweep(Duration.ofMinutes(10)).await().atMost(Duration.ofMinutes(1));
            assertThat(orphan).doesNotExist();
            assertThat(InternalApi.anonymous().get("/q/metrics").asString())
                    .containsPattern("edge_blob_sweep_seconds_count [1-9]");
            assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("kept")).asUtf8String()).isEqualTo("still here");
        }
    }
}
