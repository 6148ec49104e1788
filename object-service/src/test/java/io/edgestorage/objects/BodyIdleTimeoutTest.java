package io.edgestorage.objects;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;

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

/**
 * A client that declares a body and stops sending it, or sends it slower than the minimum rate, gets
 * RequestTimeout, not a connection held forever.
 */
@QuarkusTest
@QuarkusTestResource(FakeKeyService.class)
@TestProfile(BodyIdleTimeoutTest.ShortIdleTimeout.class)
class BodyIdleTimeoutTest {

    public static class ShortIdleTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("edge.s3.body-idle-timeout", "1s", "edge.s3.body-min-rate", "50", "edge.s3.body-rate-window", "1s");
        }
    }

    /** Sends the head and the first bytes of a request declaring 100 bytes, then waits for the answer. */
    private static String stalledRequest(String method, String url, String firstBytes) throws Exception {
        URI uri = URI.create(url);
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write((method + " " + uri.getRawPath() + "?" + uri.getRawQuery() + " HTTP/1.1\r\nHost: " + uri.getHost()
                    + ":" + uri.getPort() + "\r\nContent-Length: 100\r\n\r\n" + firstBytes)
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            // readAllBytes returns only once the server closed the connection
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void aPutThatStopsSending_isRequestTimeout_closesTheConnection_andStoresNothing() throws Exception {
        S3Client s3 = S3Clients.accountA();
        String bucket = S3Clients.bucketName("idle");
        s3.createBucket(b -> b.bucket(bucket));
        s3.putObject(b -> b.bucket(bucket).key("kept"), RequestBody.fromString("old"));

        long start = System.nanoTime();
        String response = stalledRequest("PUT", Signing.presignA("PUT", bucket, "kept", Map.of()), "0123456789");
        assertThat(response).startsWith("HTTP/1.1 400").contains("<Code>RequestTimeout</Code>")
                .containsIgnoringCase("connection: close");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(10_000);
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("kept")).asUtf8String()).isEqualTo("old");

        String fresh = stalledRequest("PUT", Signing.presignA("PUT", bucket, "never", Map.of()), "0123456789");
        assertThat(fresh).contains("<Code>RequestTimeout</Code>");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> s3.headObject(b -> b.bucket(bucket).key("never")))
                .isInstanceOf(NoSuchKeyException.class);
    }

    @Test
    void aRequestDocumentThatStopsArriving_isRequestTimeout() throws Exception {
        S3Client s3 = S3Clients.accountA();
        String bucket = S3Clients.bucketName("idle-doc");
        s3.createBucket(b -> b.bucket(bucket));
        String response = stalledRequest("POST", Signing.presignA("POST", bucket, "", Map.of("delete", "")), "<Delete>");
        assertThat(response).startsWith("HTTP/1.1 400").contains("<Code>RequestTimeout</Code>");
    }

    /** One byte every 300 ms never trips the 1 s idle timeout, but brings 3 bytes a second against the 50 asked. */
    @Test
    void aBodyThatTrickles_isRequestTimeout_beforeItEnds_andStoresNothing() throws Exception {
        S3Client s3 = S3Clients.accountA();
        String bucket = S3Clients.bucketName("trickle");
        s3.createBucket(b -> b.bucket(bucket));
        URI uri = URI.create(Signing.presignA("PUT", bucket, "trickled", Map.of()));
        ExecutorService sender = Executors.newSingleThreadExecutor();
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(("PUT " + uri.getRawPath() + "?" + uri.getRawQuery() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":"
                    + uri.getPort() + "\r\nContent-Length: 100\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            sender.submit(() -> {
                for (int i = 0; i < 100; i++) {
                    out.write('x');
                    out.flush();
                    Thread.sleep(300); // the trickling client's pace
                }
                return null;
            });
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(response).startsWith("HTTP/1.1 400").contains("<Code>RequestTimeout</Code>")
                    .containsIgnoringCase("connection: close");
        } finally {
            sender.shutdownNow();
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> s3.headObject(b -> b.bucket(bucket).key("trickled")))
                .isInstanceOf(NoSuchKeyException.class);
    }
}
