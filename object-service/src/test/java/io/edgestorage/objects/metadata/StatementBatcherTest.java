package io.edgestorage.objects.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

class StatementBatcherTest {

    private final Vertx vertx = Vertx.vertx();
    private final List<List<String>> batches = new CopyOnWriteArrayList<>();
    private final List<Promise<List<String>>> pending = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        vertx.close();
    }

    /** A fetch that records each batch and answers when the test says so. */
    private Function<List<String>, Future<List<String>>> recordingFetch() {
        return keys -> {
            batches.add(List.copyOf(keys));
            Promise<List<String>> p = Promise.promise();
            pending.add(p);
            return p.future();
        };
    }

    /** A fetch that records each batch and answers it at once. */
    private Function<List<String>, Future<List<String>>> answeringFetch() {
        return keys -> {
            batches.add(List.copyOf(keys));
            return Future.succeededFuture(upper(keys));
        };
    }

    private static List<String> upper(List<String> keys) {
        return keys.stream().map(String::toUpperCase).toList();
    }

    /** Runs the action on an event loop and waits for its futures. */
    private <T> List<T> onEventLoop(Function<Context, List<Future<T>>> action) throws Exception {
        CompletableFuture<List<Future<T>>> started = new CompletableFuture<>();
        Context context = vertx.getOrCreateContext();
        context.runOnContext(v -> started.complete(action.apply(context)));
        List<Future<T>> futures = started.get(5, TimeUnit.SECONDS);
        List<T> out = new ArrayList<>();
        for (Future<T> f : futures) {
            out.add(f.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS));
        }
        return out;
    }

    /** Runs {@code lookups} in one turn of the context's event loop and waits until that turn is over. */
    private static void inOneTurn(Context context, Runnable lookups) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        context.runOnContext(v -> {
            lookups.run();
            done.complete(null);
        });
        done.get(5, TimeUnit.SECONDS);
    }

    @Test
    void lookupsOfOneTurn_shareAQuery_andLookupsArrivingWhileItRuns_shareTheNext() throws Exception {
        StatementBatcher<String, String> batcher = new StatementBatcher<>(recordingFetch(), 1, 100);
        Context context = vertx.getOrCreateContext();
        List<Future<String>> futures = new ArrayList<>();
        inOneTurn(context, () -> {
            futures.add(batcher.submit("a"));
            futures.add(batcher.submit("b"));
        });
        waitUntil(() -> batches.size() == 1);
        assertThat(batches.get(0)).containsExactly("a", "b");
        inOneTurn(context, () -> {
            futures.add(batcher.submit("c"));
            futures.add(batcher.submit("d"));
        });
        // while the first query runs, the next lookups wait for it
        await().during(Duration.ofMillis(50)).atMost(Duration.ofSeconds(1)).until(() -> batches.size() == 1);
        context.runOnContext(v -> pending.get(0).complete(upper(batches.get(0))));
        waitUntil(() -> batches.size() == 2);
        assertThat(batches.get(1)).containsExactly("c", "d");
        context.runOnContext(v -> pending.get(1).complete(upper(batches.get(1))));
        List<String> answers = new ArrayList<>();
        for (Future<String> f : futures) {
            answers.add(f.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS));
        }
        assertThat(answers).containsExactly("A", "B", "C", "D");
    }

    @Test
    void aBatchNeverExceedsMaxBatch() throws Exception {
        StatementBatcher<String, String> batcher = new StatementBatcher<>(answeringFetch(), 1, 3);
        List<String> answers = onEventLoop(ctx -> {
            List<Future<String>> futures = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                futures.add(batcher.submit("k" + i));
            }
            return futures;
        });
        assertThat(answers).containsExactly("K0", "K1", "K2", "K3", "K4", "K5", "K6", "K7");
        assertThat(batches).allSatisfy(b -> assertThat(b).hasSizeLessThanOrEqualTo(3));
    }

    @Test
    void callsWithTheSameConflictKey_neverShareABatch_andKeepTheirOrder() throws Exception {
        // conflict key: the first letter (think bucket/key of an upsert)
        StatementBatcher<String, String> batcher = new StatementBatcher<>(answeringFetch(), 1, 10, k -> k.charAt(0));
        List<String> answers = onEventLoop(ctx -> List.of(batcher.submit("a1"), batcher.submit("b1"),
                batcher.submit("a2"), batcher.submit("c1"), batcher.submit("a3")));
        assertThat(answers).containsExactly("A1", "B1", "A2", "C1", "A3");
        assertThat(batches).containsExactly(List.of("a1", "b1"), List.of("a2", "c1"), List.of("a3"));
    }

    @Test
    void aFailedQuery_failsEveryLookupOfItsBatch_andTheLaneKeepsWorking() throws Exception {
        List<Boolean> failNext = new CopyOnWriteArrayList<>(List.of(true));
        StatementBatcher<String, String> batcher = new StatementBatcher<>(keys -> {
            batches.add(List.copyOf(keys));
            return failNext.remove(0) ? Future.failedFuture(new IllegalStateException("database down"))
                    : Future.succeededFuture(upper(keys));
        }, 1, 10);
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        vertx.getOrCreateContext().runOnContext(v -> batcher.submit("x").onFailure(failure::complete));
        assertThat(failure.get(5, TimeUnit.SECONDS)).hasMessage("database down");
        failNext.add(false);
        assertThat(onEventLoop(ctx -> List.of(batcher.submit("y")))).containsExactly("Y");
    }

    @Test
    void anAnswerOfTheWrongLength_failsTheBatchInsteadOfMixingUpAnswers() throws Exception {
        StatementBatcher<String, String> batcher = new StatementBatcher<>(keys -> Future.succeededFuture(List.of()), 1, 10);
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        vertx.getOrCreateContext().runOnContext(v -> batcher.submit("x").onFailure(failure::complete));
        assertThat(failure.get(5, TimeUnit.SECONDS)).hasMessageContaining("answered 0 of 1");
    }

    @Test
    void callsFromOutsideAnEventLoop_areSentOnTheirOwn() throws Exception {
        StatementBatcher<String, String> batcher = new StatementBatcher<>(answeringFetch(), 1, 10);
        assertThat(batcher.submit("q").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo("Q");
        assertThat(batches).containsExactly(List.of("q"));
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) {
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5)).until(condition::getAsBoolean);
    }
}
