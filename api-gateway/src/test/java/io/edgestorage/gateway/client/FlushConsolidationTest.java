package io.edgestorage.gateway.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.netty.handler.flush.FlushConsolidationHandler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * {@link UpstreamProxy#consolidateFlushes} reaches into Vert.x internals (the Netty pipeline behind an
 * {@link HttpConnection}); a Vert.x upgrade that moves them must fail here, not silently lose the batching.
 */
class FlushConsolidationTest {

    private Vertx vertx;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aNewUpstreamConnection_getsTheFlushConsolidatingHandler_andStillCarriesRequests() throws Exception {
        HttpServer server = vertx.createHttpServer().requestHandler(request -> request.response().end("ok"));
        int port = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
                .actualPort();
        CompletableFuture<HttpConnection> connected = new CompletableFuture<>();
        HttpClient client = vertx.httpClientBuilder().withConnectHandler(connection -> {
            UpstreamProxy.consolidateFlushes(connection);
            connected.complete(connection);
        }).build();

        String body = client.request(HttpMethod.GET, port, "127.0.0.1", "/")
                .compose(request -> request.send().compose(HttpClientResponse::body))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).toString();

        assertThat(body).isEqualTo("ok");
        HttpConnection connection = connected.get(10, TimeUnit.SECONDS);
        assertThat(connection).isInstanceOf(ConnectionBase.class);
        assertThat(((ConnectionBase) connection).channelHandlerContext().pipeline()
                .get(UpstreamProxy.FLUSH_CONSOLIDATION)).isInstanceOf(FlushConsolidationHandler.class);
    }
}
