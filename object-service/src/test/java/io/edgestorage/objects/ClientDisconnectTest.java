package io.edgestorage.objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;

import io.edgestorage.objects.s3.S3Responses;
import io.edgestorage.objects.support.S3Clients;
import io.edgestorage.objects.support.Signing;
import io.quarkus.test.junit.QuarkusTest;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** A client hanging up mid-download is routine (a cancelled browser, a benchmark ending): no error logged. */
@QuarkusTest
class ClientDisconnectTest {

    @Test
    void aClientClosingMidDownload_isNotLoggedAsAnError_andTheServiceKeepsAnswering() throws Exception {
        String bucket = S3Clients.bucketName("hangup");
        try (S3Client s3 = S3Clients.accountA()) {
            s3.createBucket(b -> b.bucket(bucket));
            s3.putObject(b -> b.bucket(bucket).key("big.bin"), RequestBody.fromBytes(new byte[32 * 1024 * 1024]));
        }
        List<LogRecord> errors = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                    errors.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        // Our own logger and Vert.x's connection logger, which logs unhandled connection errors.
        List<Logger> loggers = List.of(Logger.getLogger(S3Responses.class.getName()),
                Logger.getLogger("io.vertx.core.net.impl.ConnectionBase"));
        loggers.forEach(l -> l.addHandler(capture));
        try {
            URI url = URI.create(Signing.presignA("GET", bucket, "big.bin", Map.of()));
            for (int i = 0; i < 3; i++) {
                try (Socket socket = new Socket(url.getHost(), url.getPort())) {
                    OutputStream out = socket.getOutputStream();
                    out.write(("GET " + url.getRawPath() + "?" + url.getRawQuery() + " HTTP/1.1\r\nHost: "
                            + url.getHost() + ":" + url.getPort() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    InputStream in = socket.getInputStream();
                    String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
                    assertThat(status).isEqualTo("HTTP/1.1 200");
                    in.readNBytes(64 * 1024);
                    socket.setSoLinger(true, 0); // hang up hard, with most of the 32 MiB unsent
                }
            }
            // the server finishes with the connections it lost without logging an error, for a whole second
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                    .untilAsserted(() -> assertThat(errors).extracting(LogRecord::getMessage).isEmpty());
            try (S3Client s3 = S3Clients.accountA()) {
                assertThat(s3.headObject(b -> b.bucket(bucket).key("big.bin")).contentLength()).isEqualTo(32L * 1024 * 1024);
            }
        } finally {
            loggers.forEach(l -> l.removeHandler(capture));
        }
    }
}
