package io.edgestorage.gateway.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.edgestorage.gateway.config.GatewayConfig;
import io.edgestorage.gateway.support.FakeServices;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

/**
 * The guard wraps the upstream call in place: an answer that is already there is handed back before
 * {@code call} returns, on the caller's thread (no dispatch through an executor).
 */
@QuarkusTest
// The same test resource as the other gateway tests, so they all share one application (a restart would
// leave the first application's circuit gauges registered).
@WithTestResource(value = FakeServices.class, scope = TestResourceScope.GLOBAL)
class UpstreamGuardTest {

    private static final GatewayConfig.CircuitBreaker SETTINGS = new GatewayConfig.CircuitBreaker() {
        @Override
        public int requestVolumeThreshold() {
            return 20;
        }

        @Override
        public double failureRatio() {
            return 0.5;
        }

        @Override
        public Duration delay() {
            return Duration.ofSeconds(5);
        }
    };

    @Inject
    Vertx vertx;

    @Test
    void onAnEventLoop_aCompletedCall_isHandedBackBeforeCallReturns() throws Exception {
        // With FT's offload merely switched off, the guard remembers the event loop and hands the answer
        // back in a later event-loop task; in place it is there as soon as call() returns.
        UpstreamGuard guard = new UpstreamGuard("test", SETTINGS);
        UpstreamResponse answer = new UpstreamResponse(200, MultiMap.caseInsensitiveMultiMap(), Buffer.buffer("{}"));
        CompletableFuture<Boolean> handedBackInPlace = new CompletableFuture<>();
        vertx.getOrCreateContext().runOnContext(v -> {
            AtomicReference<Thread> on = new AtomicReference<>();
            guard.call(() -> Future.succeededFuture(answer), (response, failure) -> on.set(Thread.currentThread()));
            handedBackInPlace.complete(on.get() == Thread.currentThread());
        });
        assertThat(handedBackInPlace.get(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aServerError_isStillHandedBack_inPlace() {
        UpstreamGuard guard = new UpstreamGuard("test-5xx", SETTINGS);
        UpstreamResponse answer = new UpstreamResponse(503, MultiMap.caseInsensitiveMultiMap(), Buffer.buffer());
        AtomicReference<UpstreamResponse> seen = new AtomicReference<>();

        guard.call(() -> Future.succeededFuture(answer), (response, failure) -> seen.set(response));

        assertThat(seen.get()).isSameAs(answer);
    }
}
