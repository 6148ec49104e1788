package io.edgestorage.objects.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

class CallerContextTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.close();
    }

    /** The context the continuation of {@code result}, delivered on {@code caller}, runs on. */
    private static CompletableFuture<Context> continuationContext(Context caller, Future<String> result) {
        CompletableFuture<Context> ranOn = new CompletableFuture<>();
        caller.runOnContext(v -> CallerContext.deliverOn(caller, result)
                .onComplete(ar -> ranOn.complete(Vertx.currentContext())));
        return ranOn;
    }

    /** Completed on another context or on the caller's own, the continuation runs on the caller's. */
    @ParameterizedTest(name = "completed on the caller''s context: {0}")
    @ValueSource(booleans = {false, true})
    void aResult_continuesOnTheCallersContext(boolean completedOnTheCaller) throws Exception {
        Context caller = vertx.getOrCreateContext();
        Context completer = completedOnTheCaller ? caller : vertx.getOrCreateContext();
        Promise<String> result = Promise.promise();

        CompletableFuture<Context> ranOn = continuationContext(caller, result.future());
        completer.runOnContext(v -> result.complete("done"));

        assertThat(ranOn.get(5, TimeUnit.SECONDS)).isSameAs(caller);
    }

    @Test
    void aFailure_isDeliveredAsWell() throws Exception {
        Context caller = vertx.getOrCreateContext();
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        caller.runOnContext(v -> CallerContext.deliverOn(caller, Future.<String>failedFuture(new IllegalStateException("no")))
                .onFailure(failure::complete));

        assertThat(failure.get(5, TimeUnit.SECONDS)).hasMessage("no");
    }

    @Test
    void withoutACallerContext_theResultIsHandedOnAsItIs() {
        Future<String> result = Future.succeededFuture("done");

        assertThat(CallerContext.deliverOn(null, result)).isSameAs(result);
    }
}
