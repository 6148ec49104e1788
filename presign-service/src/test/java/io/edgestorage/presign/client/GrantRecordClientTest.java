package io.edgestorage.presign.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.edgestorage.presign.support.FakeUpstreams;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/**
 * The record call against a real loopback HTTP server standing in for object-service: what it sends, the one
 * retry, the per-attempt read timeout and the circuit breaker. A Quarkus test only because SmallRye Fault
 * Tolerance's programmatic API needs the application's runtime; each test builds its own client and server.
 */
@QuarkusTest
@WithTestResource(value = FakeUpstreams.class, scope = TestResourceScope.GLOBAL)
class GrantRecordClientTest {

    private static final String TOKEN = "grant-record-client-test-token";
    private static final long READ_TIMEOUT_MS = 300;

    private final Vertx vertx = Vertx.vertx();
    private final List<JsonObject> bodies = new CopyOnWriteArrayList<>();
    private final List<String> tokens = new CopyOnWriteArrayList<>();
    private final AtomicInteger attempts = new AtomicInteger();
    /** attempt number (1-based) → status to answer, or 0 to leave the attempt unanswered */
    private volatile IntUnaryOperator answer = attempt -> 204;

    @AfterEach
    void closeVertx() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private GrantRecordClient client() throws Exception {
        HttpServer server = vertx.createHttpServer().requestHandler(this::handle);
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return new GrantRecordClient(vertx, new ObjectMapper(), URI.create("http://127.0.0.1:" + server.actualPort()),
                TOKEN, 1000, READ_TIMEOUT_MS);
    }

    private void handle(HttpServerRequest request) {
        request.body().onSuccess(body -> {
            int status = answer.applyAsInt(attempts.incrementAndGet());
            bodies.add(body.toJsonObject());
            tokens.add(request.method() + " " + request.path() + " " + request.getHeader("X-Edge-Internal-Token")
                    + " " + request.getHeader("Content-Type"));
            if (status > 0) {
                request.response().setStatusCode(status).end();
            }
        });
    }

    private static IssuedGrant grant(String id) {
        return new IssuedGrant(id, "acct", "bucket", "k", "PUT", "AKIA0001", "2026-12-07T15:00:00Z",
                "2026-12-07T16:00:00Z", 5242880L, List.of("image/*"), false, 1L, Map.of("userId", "42"));
    }

    private static void await(CompletionStage<Void> call) throws Exception {
        call.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aBatch_isOnePostWithTheCredential_andEveryGrantAsObjectServiceReadsIt() throws Exception {
        await(client().record(List.of(grant("gr_1"), grant("gr_2"))));

        assertThat(tokens).containsExactly("POST /internal/v1/grants " + TOKEN + " application/json");
        JsonObject first = bodies.get(0).getJsonArray("grants").getJsonObject(0);
        assertThat(bodies.get(0).getJsonArray("grants")).hasSize(2);
        assertThat(first.getString("grantId")).isEqualTo("gr_1");
        assertThat(first.getLong("maxBytes")).isEqualTo(5242880L);
        assertThat(first.getJsonArray("contentTypes").getList()).containsExactly("image/*");
        assertThat(first.getBoolean("overwrite")).isFalse();
        assertThat(first.getJsonObject("context").getMap()).isEqualTo(Map.of("userId", "42"));
    }

    @Test
    void aRefusedBatch_isSentOnceMore_andSucceedsIfThatIsRecorded() throws Exception {
        answer = attempt -> attempt == 1 ? 500 : 204;
        await(client().record(List.of(grant("gr_1"))));
        assertThat(attempts).hasValue(2);
        assertThat(bodies).extracting(b -> b.getJsonArray("grants").getJsonObject(0).getString("grantId"))
                .containsExactly("gr_1", "gr_1");
    }

    @Test
    void aBatchRefusedTwice_fails_afterExactlyOneRetry() throws Exception {
        answer = attempt -> 503;
        GrantRecordClient client = client();
        assertThatThrownBy(() -> await(client.record(List.of(grant("gr_1"))))).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(UpstreamFailureException.class);
        assertThat(attempts).hasValue(2);
    }

    @Test
    void anAttemptNotAnsweredWithinTheReadTimeout_fails_andTheRetryIsBoundedToo() throws Exception {
        answer = attempt -> 0;
        GrantRecordClient client = client();
        long started = System.nanoTime();
        assertThatThrownBy(() -> await(client.record(List.of(grant("gr_1"))))).isInstanceOf(ExecutionException.class);
        assertThat(attempts).hasValue(2);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isGreaterThanOrEqualTo(2 * READ_TIMEOUT_MS);
    }

    @Test
    void aFailingObjectService_opensTheBreaker_andThenBatchesFailAtOnceWithoutACall() throws Exception {
        answer = attempt -> 500;
        GrantRecordClient client = client();
        // Each batch is two failed attempts; the breaker opens at 50 % failures over 20 of them.
        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(() -> await(client.record(List.of(grant("gr_x"))))).isInstanceOf(ExecutionException.class);
        }
        int sent = attempts.get();
        assertThatThrownBy(() -> await(client.record(List.of(grant("gr_y"))))).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(CircuitBreakerOpenException.class);
        assertThat(attempts).hasValue(sent);
    }
}
