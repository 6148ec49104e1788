package io.edgestorage.objects.blob.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;

/** The upstream client against a raw server that controls how an answer's bytes arrive. */
class S3UpstreamTest {

    private static final String HEAD = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><DeleteResult>";
    private static final String TAIL = "</DeleteResult>";

    private Vertx vertx;
    private NetServer server;
    private S3Upstream upstream;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(4));
        // The headers and the first chunk in one write, the last chunk a moment later: as Ceph streams DeleteObjects.
        server = vertx.createNetServer().connectHandler(socket -> socket.handler(request -> {
            socket.write("HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(HEAD.length()) + "\r\n" + HEAD + "\r\n");
            vertx.setTimer(2, t -> socket.write(Integer.toHexString(TAIL.length()) + "\r\n" + TAIL + "\r\n0\r\n\r\n"));
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
        S3StoreSettings settings = new S3StoreSettings(URI.create("http://127.0.0.1:" + server.actualPort()),
                "us-east-1", "b", "key", "secret", true, "blobs/", Optional.empty(), 64 << 20, 5 << 20, 4, 8,
                Duration.ofSeconds(2), Duration.ofSeconds(5), 0);
        upstream = new S3Upstream(vertx, settings, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void anAnswerArrivingRightAfterItsHeaders_isReadWhole_whenTheCallerIsNoVertxThread() {
        for (int i = 0; i < 200; i++) {
            S3Upstream.Answer answer = upstream.call("POST", null, "delete=", Map.of(), Buffer.buffer("<Delete/>"))
                    .await().atMost(Duration.ofSeconds(10));
            assertThat(answer.body().toString()).as("answer %d", i).isEqualTo(HEAD + TAIL);
        }
    }
}
