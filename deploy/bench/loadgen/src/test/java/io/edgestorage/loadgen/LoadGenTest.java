package io.edgestorage.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

/** Against a real loopback server: counts, the {{seq}} body, the CSV row, and coordinated-omission correction. */
class LoadGenTest {

    private Vertx vertx;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private int serve(io.vertx.core.Handler<io.vertx.core.http.HttpServerRequest> handler) throws Exception {
        HttpServer server = vertx.createHttpServer().requestHandler(handler);
        return server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
                .actualPort();
    }

    @Test
    void sendsEveryDueRequest_withItsOwnBody_andRecordsACsvRow(@TempDir Path dir) throws Exception {
        Set<String> bodies = ConcurrentHashMap.newKeySet();
        AtomicLong posts = new AtomicLong();
        int port = serve(request -> request.body().onSuccess(body -> {
            posts.incrementAndGet();
            bodies.add(body.toString());
            assertThat(request.getHeader("Authorization")).isEqualTo("Bearer t");
            vertx.setTimer(2, id -> request.response().setStatusCode(201).end("ok"));
        }));
        Path csv = dir.resolve("runs.csv");
        Report report = LoadGen.run(Options.parse(new String[] {"--url", "http://127.0.0.1:" + port + "/things?x=1",
                "--method", "post", "-H", "Authorization: Bearer t", "--body", "{\"key\":\"k-{{seq}}\"}",
                "--rate", "200", "--duration", "2s", "--warmup", "500ms", "--connections", "4", "--threads", "2",
                "--csv", csv.toString()}));
        report.appendCsv(csv);

        assertThat(report.sent()).as("2 s at 200/s").isEqualTo(400);
        assertThat(report.answered()).isEqualTo(400);
        assertThat(report.errors()).isZero();
        assertThat(report.outcomes()).isEqualTo("201=400");
        assertThat(report.percentileMillis(50)).as("never less than the server's own delay").isGreaterThanOrEqualTo(2.0);
        assertThat(posts.get()).as("warm-up requests were sent too").isGreaterThanOrEqualTo(500);
        assertThat(bodies).as("every request its own number").hasSize((int) posts.get());
        assertThat(Files.readAllLines(csv)).hasSize(2).first().isEqualTo(Report.CSV_HEADER);
        assertThat(Files.readAllLines(csv).get(1)).contains("\"POST /things\"", ",400,400,0,");
    }

    @Test
    void aStalledServer_isChargedForEveryRequestItDelayed() throws Exception {
        AtomicBoolean stalled = new AtomicBoolean();
        AtomicLong seen = new AtomicLong();
        int port = serve(request -> {
            // One request, early in the window, takes a full second; one connection means the rest queue.
            if (seen.incrementAndGet() == 150 && stalled.compareAndSet(false, true)) {
                vertx.setTimer(1000, id -> request.response().end());
            } else {
                request.response().end();
            }
        });
        Report report = LoadGen.run(Options.parse(new String[] {"--url", "http://127.0.0.1:" + port + "/",
                "--rate", "100", "--duration", "3s", "--warmup", "1s", "--connections", "1"}));

        assertThat(report.answered()).isEqualTo(300);
        // About 100 requests fell due during the stall and waited up to 1 s: the top tenth all waited long.
        assertThat(report.percentileMillis(90)).isGreaterThanOrEqualTo(500.0);
        assertThat(report.maxMillis()).isGreaterThanOrEqualTo(950.0);
    }

    @Test
    void refusedConnections_areCountedAsErrors() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Report report = LoadGen.run(Options.parse(new String[] {"--url", "http://127.0.0.1:" + port + "/",
                "--rate", "50", "--duration", "1s", "--warmup", "0s", "--timeout", "2s"}));

        assertThat(report.sent()).isEqualTo(50);
        assertThat(report.answered()).isZero();
        assertThat(report.errors()).isEqualTo(50);
        assertThat(report.outcomes()).startsWith("error ");
    }

    @Test
    void badArguments_areRefusedWithTheUsage() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Options.parse(new String[] {"--rate", "10"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("usage: loadgen");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Options.parse(new String[] {"--url",
                "http://127.0.0.1:1/", "--threads", "4", "--connections", "2"}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
