package io.edgestorage.gateway.client;

import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import jakarta.enterprise.util.TypeLiteral;

import io.edgestorage.gateway.config.GatewayConfig;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.vertx.core.Future;

/**
 * One upstream's circuit breaker: a SmallRye Fault Tolerance {@link TypedGuard} (programmatic API) with
 * a circuit breaker only, around the {@link CompletionStage} of one Vert.x call. No timeout and no thread
 * hop: the Vert.x client keeps its own connect/idle timeouts, and the guard runs in place on the caller's
 * event loop (its offload executor is a direct one: no dispatch, no context capture). A 502, 503 or 504
 * answer counts as a failure for the breaker but is still handed back, so the upstream's problem document
 * can be relayed. A 500 does not count: it answers one request (a bug that some input triggers), and if it
 * opened the circuit, any tenant could make the upstream unavailable to every other tenant by repeating
 * that input. The state is tracked from the breaker's own state-change events.
 */
final class UpstreamGuard {

    private static final TypeLiteral<CompletionStage<UpstreamResponse>> RESULT = new TypeLiteral<>() {
    };

    private final TypedGuard<CompletionStage<UpstreamResponse>> guard;
    private volatile CircuitBreakerState state = CircuitBreakerState.CLOSED;

    UpstreamGuard(String upstream, GatewayConfig.CircuitBreaker settings) {
        this.guard = TypedGuard.create(RESULT)
                .withDescription("upstream " + upstream)
                .withCircuitBreaker()
                .requestVolumeThreshold(settings.requestVolumeThreshold())
                .failureRatio(settings.failureRatio())
                .delay(settings.delay().toMillis(), ChronoUnit.MILLIS)
                .successThreshold(1)
                .onStateChange(next -> state = next)
                .done()
                // "Offload" to a direct executor, i.e. run in place. With offload off, SmallRye FT instead
                // remembers the event loop and dispatches the call and its completion through Quarkus' Vert.x
                // executor with context propagation: two extra event-loop tasks and a context capture per
                // proxied request (profiled, docs/benchmarks.md). The Vert.x call is non-blocking, so in place
                // is right.
                .withThreadOffload(true)
                .withThreadOffloadExecutor(Runnable::run)
                .build();
    }

    /**
     * Runs {@code attempt} unless the circuit is open, then reports either the upstream's answer (any
     * status) or the cause: a {@link org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException}
     * when the call was refused, otherwise the transport failure.
     */
    void call(Supplier<Future<UpstreamResponse>> attempt, BiConsumer<UpstreamResponse, Throwable> outcome) {
        guard.get(() -> attempt.get().compose(UpstreamGuard::serverErrorAsFailure).toCompletionStage())
                .whenComplete((response, failure) -> {
                    Throwable cause = failure instanceof CompletionException wrapped ? wrapped.getCause() : failure;
                    if (cause instanceof ServerError answered) {
                        outcome.accept(answered.response, null);
                    } else {
                        outcome.accept(response, cause);
                    }
                });
    }

    CircuitBreakerState state() {
        return state;
    }

    private static Future<UpstreamResponse> serverErrorAsFailure(UpstreamResponse response) {
        return saysUnavailable(response.statusCode()) ? Future.failedFuture(new ServerError(response))
                : Future.succeededFuture(response);
    }

    /** Bad gateway, unavailable, gateway timeout: the upstream (or what it depends on) is down or overloaded. */
    static boolean saysUnavailable(int status) {
        return status == 502 || status == 503 || status == 504;
    }

    /** Carries an "unavailable" answer through the guard as a failure; stackless, it is part of normal flow. */
    private static final class ServerError extends RuntimeException {
        private final transient UpstreamResponse response;

        ServerError(UpstreamResponse response) {
            super("upstream answered " + response.statusCode(), null, false, false);
            this.response = response;
        }
    }
}
