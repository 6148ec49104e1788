package io.edgestorage.objects.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.edgestorage.objects.blob.BlobRead;
import io.smallrye.mutiny.Multi;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;

/** Each way a store offers a range reaches the client whole; a stream that breaks is never a complete body. */
class BlobResponsesTest {

    @TempDir
    static Path dir;

    private static Vertx vertx;
    private static HttpServer server;
    private static Map<String, BlobRead> reads;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        Path file = dir.resolve("blob");
        Files.writeString(file, "0123456789");
        reads = Map.of(
                "/file", new BlobRead() {
                    @Override
                    public long length() {
                        return 5;
                    }

                    @Override
                    public Multi<Buffer> content() {
                        throw new AssertionError("a file region is sent with sendfile, not streamed");
                    }

                    @Override
                    public java.util.Optional<FileRegion> fileRegion() {
                        return java.util.Optional.of(new FileRegion(file, 2, 5));
                    }
                },
                "/memory", BlobRead.of(Buffer.buffer("in memory")),
                "/stream", BlobRead.streamed(8, Multi.createFrom().items("str", "eam", "ed").map(Buffer::buffer)),
                "/broken", BlobRead.streamed(8, Multi.createFrom().item(Buffer.buffer("half"))
                        .onCompletion().failWith(new IllegalStateException("disk gone"))),
                "/empty", BlobRead.streamed(0, Multi.createFrom().empty()));
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(request -> {
            BlobRead read = reads.get(request.path());
            request.response().putHeader("Content-Length", String.valueOf(read.length()));
            // As the router does: a failure once the head is out closes the connection.
            BlobResponses.send(request.response(), read).onFailure(e -> request.connection().close());
        }).listen(0).toCompletionStage().toCompletableFuture().join();
    }

    @AfterAll
    static void stop() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private HttpResponse<String> get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path))
                .timeout(Duration.ofSeconds(10)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.US_ASCII));
    }

    @Test
    void aFileRegion_isSentFromTheFile() throws Exception {
        assertThat(get("/file").body()).isEqualTo("23456");
    }

    @Test
    void bytesInMemory_areSentAsTheyAre() throws Exception {
        assertThat(get("/memory").body()).isEqualTo("in memory");
    }

    @Test
    void aStream_isSentWhole() throws Exception {
        assertThat(get("/stream").body()).isEqualTo("streamed");
    }

    @Test
    void anEmptyRange_isAnEmptyBody() throws Exception {
        HttpResponse<String> response = get("/empty");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void aStreamThatBreaks_cutsTheResponse_ratherThanEndingItShort() {
        assertThatThrownBy(() -> get("/broken")).isInstanceOf(IOException.class);
    }
}
