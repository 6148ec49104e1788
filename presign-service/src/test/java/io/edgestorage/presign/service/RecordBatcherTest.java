package io.edgestorage.presign.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

class RecordBatcherTest {

    private static final Duration LONG = Duration.ofHours(1);

    private final Vertx vertx = Vertx.vertx();
    /** Each call the batcher made, with the promise that answers it. */
    private final List<Call> calls = new CopyOnWriteArrayList<>();

    record Call(List<String> items, Promise<Void> answer) {
    }

    private final Function<List<String>, Future<Void>> heldSend = items -> {
        Promise<Void> answer = Promise.promise();
        calls.add(new Call(List.copyOf(items), answer));
        return answer.future();
    };

    @AfterEach
    void closeVertx() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void itemsWithinTheWindow_goInOneCall_inOrder_andCompleteOnlyOnItsAcknowledgement() throws Exception {
        RecordBatcher<String> batcher = new RecordBatcher<>(vertx, heldSend, Duration.ofMillis(200), 100, LONG);
        List<Future<Void>> futures = List.of(batcher.submit("a"), batcher.submit("b"), batcher.submit("c"));

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !calls.isEmpty());
        assertThat(calls).singleElement().satisfies(call -> assertThat(call.items()).containsExactly("a", "b", "c"));
        assertThat(futures).noneMatch(Future::isComplete);

        calls.get(0).answer().complete();
        for (Future<Void> f : futures) {
            await(f);
        }
        assertThat(futures).allMatch(Future::succeeded);
    }

    @Test
    void aFullBatch_leavesAtOnce_withoutWaitingForItsWindow() {
        RecordBatcher<String> batcher = new RecordBatcher<>(vertx, heldSend, LONG, 3, LONG);
        batcher.submit("a");
        batcher.submit("b");
        assertThat(calls).isEmpty();
        batcher.submit("c");
        Future<Void> next = batcher.submit("d");

        assertThat(calls).singleElement().satisfies(call -> assertThat(call.items()).containsExactly("a", "b", "c"));
        assertThat(next.isComplete()).isFalse();
    }

    @Test
    void aFailedCall_failsEveryItemOfItsBatch_andNoOther() throws Exception {
        RecordBatcher<String> batcher = new RecordBatcher<>(vertx, heldSend, LONG, 2, LONG);
        Future<Void> a = batcher.submit("a");
        Future<Void> b = batcher.submit("b");
        Future<Void> c = batcher.submit("c");
        Future<Void> d = batcher.submit("d");
        IllegalStateException refused = new IllegalStateException("object-service answered HTTP 500");
        calls.get(0).answer().fail(refused);
        calls.get(1).answer().complete();

        for (Future<Void> failed : List.of(a, b)) {
            assertThatThrownBy(() -> await(failed)).isInstanceOf(ExecutionException.class).hasCause(refused);
        }
        await(c);
        await(d);
    }

    @Test
    void noAcknowledgementWithinTheTimeout_failsTheBatch_andALateAnswerChangesNothing() {
        RecordBatcher<String> batcher = new RecordBatcher<>(vertx, heldSend, Duration.ofMillis(1), 10,
                Duration.ofMillis(50));
        Future<Void> a = batcher.submit("a");

        assertThatThrownBy(() -> await(a)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(TimeoutException.class);
        calls.get(0).answer().complete();
        assertThat(a.failed()).isTrue();
    }

    @Test
    void aSendThatThrows_failsItsBatch() {
        RuntimeException broken = new IllegalArgumentException("cannot encode");
        RecordBatcher<String> batcher = new RecordBatcher<>(vertx, items -> {
            throw broken;
        }, LONG, 1, LONG);
        Future<Void> a = batcher.submit("a");
        assertThatThrownBy(() -> await(a)).isInstanceOf(ExecutionException.class).hasCause(broken);
    }

    @Test
    void concurrentSubmissions_areEachSentExactlyOnce_inBatchesNoLargerThanTheLimit() throws Exception {
        RecordBatcher<String> batcher = new RecordBatcher<>(vertx, items -> {
            calls.add(new Call(List.copyOf(items), null));
            return Future.succeededFuture();
        }, Duration.ofMillis(1), 50, LONG);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        List<java.util.concurrent.Future<Future<Void>>> submitted = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            String item = "item-" + i;
            submitted.add(threads.submit(() -> batcher.submit(item)));
        }
        for (var s : submitted) {
            await(s.get(10, TimeUnit.SECONDS));
        }
        threads.shutdown();

        List<String> sent = calls.stream().flatMap(c -> c.items().stream()).toList();
        assertThat(sent).hasSize(2000).doesNotHaveDuplicates();
        assertThat(calls).allSatisfy(c -> assertThat(c.items()).hasSizeBetween(1, 50));
    }

    @Test
    void nonPositiveSettings_areRefused() {
        assertThatThrownBy(() -> new RecordBatcher<>(vertx, heldSend, Duration.ZERO, 1, LONG))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RecordBatcher<>(vertx, heldSend, LONG, 0, LONG))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RecordBatcher<>(vertx, heldSend, LONG, 1, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
