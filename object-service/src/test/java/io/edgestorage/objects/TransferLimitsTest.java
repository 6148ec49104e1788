package io.edgestorage.objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.edgestorage.common.testing.InternalApi;
import io.edgestorage.objects.auth.KeyResolver;
import io.edgestorage.objects.s3.CopyLimiter;
import io.edgestorage.objects.support.FakeKeyService;
import io.edgestorage.objects.support.S3Clients;
import io.edgestorage.objects.support.Signing;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Long transfers and server-side copies are kept to what their signer may do: a transfer longer than
 * {@code edge.keys.max-silence} (1 s here) re-checks its key that often and is cut once the key is revoked,
 * and an account runs at most {@code edge.s3.max-concurrent-copies} (1 here) copies at once.
 */
@QuarkusTest
@QuarkusTestResource(FakeKeyService.class)
@TestProfile(TransferLimitsTest.ShortMaxSilenceOneCopy.class)
class TransferLimitsTest {

    public static class ShortMaxSilenceOneCopy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // The %test value in application.properties would win over an override of the plain name.
            return Map.of("%test.edge.keys.max-silence", "1s", "edge.s3.max-concurrent-copies", "1");
        }
    }

    static final Pattern CUT = Pattern.compile("(?m)^edge_transfers_cut_total(?:\\{[^}]*\\})? ([0-9.E]+)$");

    @Inject
    KeyResolver keys;

    @Inject
    CopyLimiter copies;

    static double transfersCut() {
        Matcher m = CUT.matcher(InternalApi.anonymous().get("/q/metrics").asString());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static Socket connect(URI uri) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(64 * 1024);
        socket.setSoTimeout(30_000);
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()));
        return socket;
    }

    private static String head(String method, URI uri, long contentLength) {
        return method + " " + uri.getRawPath() + "?" + uri.getRawQuery() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":"
                + uri.getPort() + "\r\n" + (contentLength >= 0 ? "Content-Length: " + contentLength + "\r\n" : "") + "\r\n";
    }

    @Test
    void aSlowPutWhoseKeyIsRevokedMidway_isRefusedInS3Xml_andNothingIsPublished() throws Exception {
        S3Client owner = S3Clients.accountA();
        String bucket = S3Clients.bucketName("cut-put");
        owner.createBucket(b -> b.bucket(bucket));
        URI uri = URI.create(Signing.presign("PUT", bucket, "slow", Instant.now(), 3600, FakeKeyService.KEY_R,
                FakeKeyService.SECRET_R, Map.of()));
        byte[] piece = "x".repeat(100).getBytes(StandardCharsets.US_ASCII);
        double cutBefore = transfersCut();
        try (Socket socket = connect(uri)) {
            OutputStream out = socket.getOutputStream();
            out.write(head("PUT", uri, 10_000).getBytes(StandardCharsets.US_ASCII));
            // A slow client: pieces with pauses, for longer than max-silence while the key is still valid.
            for (int i = 0; i < 6; i++) {
                out.write(piece);
                out.flush();
                Thread.sleep(300);
            }
            assertThat(transfersCut()).as("a valid key's transfer goes on").isEqualTo(cutBefore);

            keys.revoked(FakeKeyService.KEY_R); // what the storage.key.revoked event does
            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> transfersCut() > cutBefore);
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(response).startsWith("HTTP/1.1 403").contains("<Code>InvalidAccessKeyId</Code>")
                    .containsIgnoringCase("connection: close");
        } finally {
            keys.evict(FakeKeyService.KEY_R);
        }
        assertThatThrownBy(() -> owner.headObject(b -> b.bucket(bucket).key("slow"))).isInstanceOf(NoSuchKeyException.class);
    }

    @Test
    void aSlowGetOfALargeObjectWhoseKeyIsRevokedMidway_isClosedBeforeTheEnd() throws Exception {
        int size = 32 * 1024 * 1024;
        S3Client owner = S3Clients.accountA();
        String bucket = S3Clients.bucketName("cut-get");
        owner.createBucket(b -> b.bucket(bucket));
        owner.putObject(b -> b.bucket(bucket).key("large"), RequestBody.fromBytes(new byte[size]));
        URI uri = URI.create(Signing.presign("GET", bucket, "large", Instant.now(), 3600, FakeKeyService.KEY_R,
                FakeKeyService.SECRET_R, Map.of()));
        double cutBefore = transfersCut();
        long received = 0;
        try (Socket socket = connect(uri)) {
            socket.getOutputStream().write(head("GET", uri, -1).getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[64 * 1024];
            while (received < 1024 * 1024) {
                int n = in.read(buffer);
                assertThat(n).isPositive();
                received += n;
            }
            FakeKeyService.revoke(FakeKeyService.KEY_R); // key-service no longer knows it (no event needed)
            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> transfersCut() > cutBefore);
            try {
                for (int n; (n = in.read(buffer)) > 0;) {
                    received += n;
                }
            } catch (IOException reset) {
                // a reset is as good an end as a FIN: the connection is gone
            }
        } finally {
            FakeKeyService.restore(FakeKeyService.KEY_R);
            keys.evict(FakeKeyService.KEY_R);
        }
        assertThat(received).as("bytes received, headers included, of a %d-byte object", size).isLessThan(size);
    }

    @Test
    void copiesBeyondTheAccountsLimit_areSlowDown_andGoThroughOnceAPermitIsFree() {
        S3Client s3 = S3Clients.accountA();
        String bucket = S3Clients.bucketWithObject(s3, "copy-limit", "src", "source bytes");
        String upload = s3.createMultipartUpload(b -> b.bucket(bucket).key("mp")).uploadId();
        assertThat(copies.tryAcquire(FakeKeyService.ACCOUNT_A)).as("a copy of account A in flight").isTrue();
        try {
            assertThatThrownBy(() -> s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("src")
                    .destinationBucket(bucket).destinationKey("copy")))
                    .isInstanceOfSatisfying(S3Exception.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(503);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SlowDown");
                    });
            assertThatThrownBy(() -> s3.uploadPartCopy(b -> b.sourceBucket(bucket).sourceKey("src")
                    .destinationBucket(bucket).destinationKey("mp").uploadId(upload).partNumber(1)))
                    .isInstanceOfSatisfying(S3Exception.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(503);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SlowDown");
                    });
            // another account is not limited by account A's copies
            S3Client other = S3Clients.accountB();
            String bucketB = S3Clients.bucketWithObject(other, "copy-limit-b", "src", "b");
            other.copyObject(b -> b.sourceBucket(bucketB).sourceKey("src").destinationBucket(bucketB).destinationKey("copy"));
        } finally {
            copies.release(FakeKeyService.ACCOUNT_A);
        }
        s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("src").destinationBucket(bucket).destinationKey("copy"));
        s3.uploadPartCopy(b -> b.sourceBucket(bucket).sourceKey("src").destinationBucket(bucket).destinationKey("mp")
                .uploadId(upload).partNumber(1));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("copy")).asUtf8String()).isEqualTo("source bytes");
        assertThat(copies.tryAcquire(FakeKeyService.ACCOUNT_A)).as("every permit was given back").isTrue();
        copies.release(FakeKeyService.ACCOUNT_A);
    }
}
