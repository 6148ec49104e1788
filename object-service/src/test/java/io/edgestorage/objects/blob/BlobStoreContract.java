package io.edgestorage.objects.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

/**
 * What every {@link BlobStore} must do, whatever holds the bytes. A backend's test extends this class and
 * says how to open its store ({@link #openStore}). Writes run on an event-loop context, as the HTTP server's
 * do.
 */
public abstract class BlobStoreContract {

    private static final Duration WAIT = Duration.ofSeconds(20);

    protected static Vertx vertx;

    protected BlobStore store;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    /**
     * Opens the store at this test's location (empty when the test starts). Called before each test, and
     * again in the middle of one to see the store as a restarted process would.
     */
    protected abstract BlobStore openStore() throws Exception;

    /**
     * Whether a write cut by a crash always leaves bytes behind that only the sweeper removes (a file on
     * disk). An upstream that drops an unfinished request may keep nothing of it; whatever it keeps, the
     * sweeper must still collect.
     */
    protected boolean crashedWritesLeaveOrphans() {
        return true;
    }

    /** Bytes that fill several of the store's write buffers and stream reads. */
    protected int largeSize() {
        return 300 * 1024;
    }

    @BeforeEach
    void open() throws Exception {
        store = openStore();
    }

    // ---- round trip, compose, ranges ----

    @Test
    void aWrittenBlob_readsBackAsWritten_andItsSizeAndMd5AreReported() throws Exception {
        byte[] data = random(10_000, 1);
        BlobStore.Written written = write(store, data);

        assertThat(written.size()).isEqualTo(data.length);
        assertThat(written.md5()).isEqualTo(md5(data));
        assertThat(readAll(store, written.blobId(), data.length, 0, data.length)).isEqualTo(data);
        assertThat(bytes(store, written.blobId(), data.length, 0, data.length)).isEqualTo(data);
    }

    @Test
    void aLargeBlob_streamsBackWhole() throws Exception {
        byte[] data = random(largeSize(), 2);
        BlobStore.Written written = write(store, data);
        assertThat(written.md5()).isEqualTo(md5(data));
        assertThat(readAll(store, written.blobId(), data.length, 0, data.length)).isEqualTo(data);
    }

    @Test
    void anEmptyBlob_hasNoBytes_andTheMd5OfNothing() throws Exception {
        BlobStore.Written written = write(store, new byte[0]);
        assertThat(written.size()).isZero();
        assertThat(written.md5()).isEqualTo(md5(new byte[0]));
        assertThat(readAll(store, written.blobId(), 0, 0, 0)).isEmpty();
    }

    @Test
    void everyWrite_getsAnIdOfItsOwn() throws Exception {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            ids.add(write(store, random(10, i)).blobId());
        }
        assertThat(ids).hasSize(5);
    }

    @Test
    void ranges_firstByte_lastByte_middle_andWhole() throws Exception {
        for (byte[] data : List.of(random(1000, 3), random(largeSize(), 4))) {
            int n = data.length;
            String id = write(store, data).blobId();
            assertThat(readAll(store, id, n, 0, 1)).isEqualTo(Arrays.copyOfRange(data, 0, 1));
            assertThat(readAll(store, id, n, n - 1, 1)).isEqualTo(Arrays.copyOfRange(data, n - 1, n));
            assertThat(readAll(store, id, n, 100, n / 2)).isEqualTo(Arrays.copyOfRange(data, 100, 100 + n / 2));
            assertThat(readAll(store, id, n, 0, n)).isEqualTo(data);
            assertThat(bytes(store, id, n, n - 1, 1)).isEqualTo(Arrays.copyOfRange(data, n - 1, n));
            assertThat(bytes(store, id, n, 100, 400)).isEqualTo(Arrays.copyOfRange(data, 100, 500));
            assertThat(readAll(store, id, n, n, 0)).isEmpty();
        }
    }

    @Test
    void aRangeOutsideTheBlob_failsAtOnce_withARangeError() throws Exception {
        byte[] data = random(1000, 5);
        String id = write(store, data).blobId();
        long[][] outside = {{1001, 0}, {1000, 1}, {999, 2}, {0, 1001}, {-1, 10}, {0, -1}};
        for (long[] range : outside) {
            assertThatThrownBy(() -> store.open(id, data.length, range[0], range[1]).await().atMost(WAIT))
                    .as("offset %d length %d", range[0], range[1]).isInstanceOf(BlobRangeException.class)
                    .hasMessageContaining(id);
        }
    }

    @Test
    void readingABlobThatIsNotThere_failsWithNoSuchBlob() {
        String id = "ab" + "0".repeat(30);
        assertThatThrownBy(() -> readAll(store, id, 10, 0, 10)).isInstanceOf(NoSuchBlobException.class)
                .hasMessageContaining(id);
        assertThatThrownBy(() -> bytes(store, id, 10, 0, 10)).isInstanceOf(NoSuchBlobException.class);
    }

    @Test
    void compose_makesANewBlobOfTheSegmentsInOrder_withItsOwnMd5() throws Exception {
        byte[] a = random(5000, 6);
        byte[] b = random(largeSize(), 7);
        String idA = write(store, a).blobId();
        String idB = write(store, b).blobId();

        BlobStore.Written composed = store.compose(List.of(new BlobStore.Segment(idA, 0, a.length),
                new BlobStore.Segment(idB, 10, 20_000))).await().atMost(WAIT);

        byte[] expected = concat(a, Arrays.copyOfRange(b, 10, 20_010));
        assertThat(composed.blobId()).isNotIn(idA, idB);
        assertThat(composed.size()).isEqualTo(expected.length);
        assertThat(composed.md5()).isEqualTo(md5(expected));
        assertThat(readAll(store, composed.blobId(), expected.length, 0, expected.length)).isEqualTo(expected);
    }

    // ---- concurrency, deletes ----

    @Test
    void concurrentWriters_eachProduceAnIntactBlob() throws Exception {
        int writers = 8;
        List<byte[]> bodies = new ArrayList<>();
        List<CompletableFuture<BlobStore.Written>> results = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            byte[] body = random(largeSize() / 2 + i * 777, 100 + i);
            bodies.add(body);
            results.add(writeAsync(store, body, 1000 + i));
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < writers; i++) {
            BlobStore.Written written = results.get(i).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            byte[] body = bodies.get(i);
            ids.add(written.blobId());
            assertThat(written.md5()).isEqualTo(md5(body));
            assertThat(readAll(store, written.blobId(), body.length, 0, body.length)).isEqualTo(body);
        }
        assertThat(ids).hasSize(writers);
    }

    @Test
    void aReaderOfTheOldVersion_finishes_afterAnOverwriteDeletedIt() throws Exception {
        byte[] oldVersion = random(largeSize(), 8);
        String oldId = write(store, oldVersion).blobId();
        AssertSubscriber<Buffer> reader = startReading(oldId, oldVersion.length);

        byte[] newVersion = random(largeSize(), 9);
        String newId = write(store, newVersion).blobId();
        store.delete(oldId).await().atMost(WAIT); // what the publication of the new version does

        assertThat(finishReading(reader)).isEqualTo(oldVersion);
        assertThat(readAll(store, newId, newVersion.length, 0, newVersion.length)).isEqualTo(newVersion);
    }

    @Test
    void deleteLater_letsAStartedReaderFinish_andTheBlobGoes() throws Exception {
        byte[] data = random(largeSize(), 10);
        String id = write(store, data).blobId();
        AssertSubscriber<Buffer> reader = startReading(id, data.length);

        store.deleteLater(id);

        assertThat(finishReading(reader)).isEqualTo(data);
        await().atMost(WAIT).untilAsserted(() -> assertThatThrownBy(() -> readAll(store, id, data.length, 0, data.length))
                .isInstanceOf(NoSuchBlobException.class));
    }

    @Test
    void delete_andDeleteAll_removeBlobs_andABlobAlreadyGoneIsNoFailure() throws Exception {
        String a = write(store, random(100, 11)).blobId();
        String b = write(store, random(100, 12)).blobId();
        String c = write(store, random(100, 13)).blobId();

        store.delete(a).await().atMost(WAIT);
        store.delete(a).await().atMost(WAIT);
        store.deleteAll(List.of(a, b, c)).await().atMost(WAIT);

        for (String id : List.of(a, b, c)) {
            assertThatThrownBy(() -> readAll(store, id, 100, 0, 100)).isInstanceOf(NoSuchBlobException.class);
        }
    }

    @Test
    void abort_removesThePartialBlob() throws Exception {
        byte[] data = random(largeSize(), 14);
        String id = onContext(() -> UniBridge.toFuture(store.create(-1)).compose(w -> {
            w.write(Buffer.buffer(data));
            return UniBridge.toFuture(w.abort()).map(v -> w.blobId());
        }));
        assertThatThrownBy(() -> readAll(store, id, data.length, 0, data.length))
                .isInstanceOf(NoSuchBlobException.class);
        assertThat(candidates(store, Duration.ZERO)).doesNotContain(id);
    }

    // ---- the sweeper's view ----

    @Test
    void listOlderThan_pagesThroughEveryBlob_once() throws Exception {
        Set<String> written = new HashSet<>();
        for (int i = 0; i < 7; i++) {
            written.add(write(store, random(10, 20 + i)).blobId());
        }
        await().atMost(WAIT).untilAsserted(() -> {
            List<List<String>> pages = store.listOlderThan(Duration.ZERO, 3).collect().asList().await().atMost(WAIT);
            assertThat(pages).allSatisfy(page -> assertThat(page).hasSizeBetween(1, 3));
            List<String> all = pages.stream().flatMap(List::stream).toList();
            assertThat(all).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(written);
        });
    }

    @Test
    void theSweeper_neverDeletesAYoungBlob_norAReferencedOne_andDeletesTheOrphans() throws Exception {
        byte[] data = random(100, 30);
        String referenced = write(store, data).blobId();
        String orphan1 = write(store, data).blobId();
        String orphan2 = write(store, data).blobId();

        assertThat(sweep(store, Duration.ofHours(1), Set.of())).isZero();
        for (String id : List.of(referenced, orphan1, orphan2)) {
            assertThat(readAll(store, id, data.length, 0, data.length)).isEqualTo(data);
        }

        await().atMost(WAIT).untilAsserted(() -> {
            sweep(store, Duration.ZERO, Set.of(referenced));
            assertThat(readAll(store, referenced, data.length, 0, data.length)).isEqualTo(data);
            for (String id : List.of(orphan1, orphan2)) {
                assertThatThrownBy(() -> readAll(store, id, data.length, 0, data.length))
                        .isInstanceOf(NoSuchBlobException.class);
            }
        });
    }

    @Test
    void aWriteCutByACrash_isNeverVisible_andTheSweeperOfTheReopenedStoreCollectsIt() throws Exception {
        String committed = write(store, random(100, 40)).blobId();
        byte[] data = random(largeSize(), 41);
        String crashed = onContext(() -> UniBridge.toFuture(store.create(data.length)).map(w -> {
            w.write(Buffer.buffer(data)); // neither committed nor aborted: the process dies here
            return w.blobId();
        }));

        BlobStore restarted = openStore();
        if (crashedWritesLeaveOrphans()) {
            await().atMost(WAIT).untilAsserted(() -> assertThat(candidates(restarted, Duration.ZERO)).contains(crashed));
        }
        await().atMost(WAIT).untilAsserted(() -> {
            sweep(restarted, Duration.ZERO, Set.of(committed));
            assertThat(candidates(restarted, Duration.ZERO)).doesNotContain(crashed).contains(committed);
        });
        assertThatThrownBy(() -> readAll(restarted, crashed, data.length, 0, data.length))
                .isInstanceOf(NoSuchBlobException.class);
    }

    // ---- helpers ----

    protected static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    protected static byte[] md5(byte[] data) throws Exception {
        return MessageDigest.getInstance("MD5").digest(data);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Runs {@code body} on a fresh event-loop context and waits for its future. */
    protected static <T> T onContext(Supplier<Future<T>> body) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        vertx.getOrCreateContext().runOnContext(v -> {
            Future<T> f;
            try {
                f = body.get();
            } catch (RuntimeException e) {
                f = Future.failedFuture(e);
            }
            f.onComplete(ar -> {
                if (ar.succeeded()) {
                    result.complete(ar.result());
                } else {
                    result.completeExceptionally(ar.cause());
                }
            });
        });
        return result.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    protected static BlobStore.Written write(BlobStore store, byte[] data) throws Exception {
        return writeAsync(store, data, 0).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Writes {@code data} in chunks of varied sizes, pausing while the store's buffers are full. */
    private static CompletableFuture<BlobStore.Written> writeAsync(BlobStore store, byte[] data, long seed) {
        CompletableFuture<BlobStore.Written> result = new CompletableFuture<>();
        vertx.getOrCreateContext().runOnContext(v -> UniBridge.toFuture(store.create(data.length)).onComplete(ar -> {
            if (ar.failed()) {
                result.completeExceptionally(ar.cause());
                return;
            }
            new Feeder(ar.result(), data, new Random(seed), result).next(0);
        }));
        return result;
    }

    private record Feeder(BlobStore.BlobWrite out, byte[] data, Random sizes,
            CompletableFuture<BlobStore.Written> result) {
        void next(int from) {
            int at = from;
            while (at < data.length) {
                if (out.writeQueueFull()) {
                    int resumeAt = at;
                    out.drainHandler(v -> next(resumeAt));
                    return;
                }
                int n = Math.min(data.length - at, 1 + sizes.nextInt(20_000));
                out.write(Buffer.buffer(Arrays.copyOfRange(data, at, at + n)));
                at += n;
            }
            UniBridge.toFuture(out.commit()).onComplete(ar -> {
                if (ar.succeeded()) {
                    result.complete(ar.result());
                } else {
                    result.completeExceptionally(ar.cause());
                }
            });
        }
    }

    /** The range through {@link BlobRead#content}, the way every store can be read. */
    protected static byte[] readAll(BlobStore store, String id, long size, long offset, long length) {
        BlobRead read = store.open(id, size, offset, length).await().atMost(WAIT);
        assertThat(read.length()).isEqualTo(length);
        Buffer all = read.content().collect().in(Buffer::buffer, Buffer::appendBuffer).await().atMost(WAIT);
        return all.getBytes();
    }

    protected static byte[] bytes(BlobStore store, String id, long size, long offset, long length) {
        return store.open(id, size, offset, length).flatMap(BlobRead::bytes).await().atMost(WAIT).getBytes();
    }

    private AssertSubscriber<Buffer> startReading(String id, long size) {
        BlobRead read = store.open(id, size, 0, size).await().atMost(WAIT);
        AssertSubscriber<Buffer> reader = read.content().subscribe().withSubscriber(AssertSubscriber.create(1));
        reader.awaitItems(1, WAIT);
        return reader;
    }

    private static byte[] finishReading(AssertSubscriber<Buffer> reader) {
        reader.request(Long.MAX_VALUE).awaitCompletion(WAIT);
        Buffer all = Buffer.buffer();
        reader.getItems().forEach(all::appendBuffer);
        return all.getBytes();
    }

    protected static List<String> candidates(BlobStore store, Duration minAge) {
        return store.listOlderThan(minAge, 100).collect().asList().await().atMost(WAIT)
                .stream().flatMap(List::stream).toList();
    }

    protected static int sweep(BlobStore store, Duration minAge, Set<String> referenced) {
        return BlobSweeper.sweep(store, minAge, page -> Uni.createFrom().item(referenced)).await().atMost(WAIT);
    }
}
