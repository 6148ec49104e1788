package io.edgestorage.objects.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

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

    @Test
    void aResultCompletedOnAnotherContext_continuesOnTheCallersContext() throws Exception {
        Context caller = vertx.getOrCreateContext();
        Context other = vertx.getOrCreateContext();
        Promise<String> result = Promise.promise();

        CompletableFuture<Context> ranOn = continuationContext(caller, result.future());
        other.runOnContext(v -> result.complete("done"));

        assertThat(ranOn.get(5, TimeUnit.SECONDS)).isSameAs(caller);
    }

    @Test
    void aResultCompletedOnTheCallersContext_continuesThere() throws Exception {
        Context caller = vertx.getOrCreateContext();
        Promise<String> result = Promise.promise();

        CompletableFuture<Context> ranOn = continuationContext(caller, result.future());
        caller.runOnContext(v -> result.complete("done"));

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
