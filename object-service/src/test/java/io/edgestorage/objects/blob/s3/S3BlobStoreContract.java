package io.edgestorage.objects.blob.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.edgestorage.objects.blob.BlobStore;
import io.edgestorage.objects.blob.BlobStoreContract;
import io.edgestorage.objects.blob.BlobStoreUnavailableException;
import io.edgestorage.objects.blob.UniBridge;
import io.edgestorage.objects.support.TestUpstreams;
import io.vertx.core.buffer.Buffer;

/**
 * The blob store contract, and what only the {@code s3} store does, against a real upstream
 * ({@link TestUpstreams}: deploy/local/test.sh starts Ceph RGW and s3proxy). Each test writes under a prefix
 * of its own in one bucket. Sizes are small enough to run quickly and large enough to cross the store's
 * thresholds: above 1 MiB a write goes up as a multipart upload of 5 MiB parts.
 */
abstract class S3BlobStoreContract extends BlobStoreContract {

    private static final int PART = S3StoreSettings.MIN_PART_SIZE;
    private static final String BUCKET = "edge-blob-contract";

    private final List<S3BlobStore> opened = new ArrayList<>();
    private String prefix;

    /** The upstream the store is tested against. */
    protected abstract TestUpstreams upstream();

    S3StoreSettings settings(String endpoint, String secret, Duration requestTimeout) {
        return new S3StoreSettings(URI.create(endpoint), "us-east-1", BUCKET, upstream().accessKey(), secret, true,
                prefix, Optional.empty(), 1024 * 1024, PART, 3, 16, Duration.ofSeconds(2), requestTimeout, 2);
    }

    @Override
    protected BlobStore openStore() {
        if (prefix == null) {
            prefix = "contract-" + UUID.randomUUID() + "/";
            upstream().ensureBucket(BUCKET);
        }
        S3BlobStore store = new S3BlobStore(vertx,
                settings(upstream().endpoint(), upstream().secretKey(), Duration.ofSeconds(10)));
        opened.add(store);
        return store;
    }

    @Override
    protected boolean crashedWritesLeaveOrphans() {
        return false;
    }

    @AfterEach
    void closeStores() {
        opened.forEach(S3BlobStore::close);
        opened.clear();
    }

    private List<String> upstreamKeys() {
        return upstream().keys(BUCKET, prefix);
    }

    private int pendingUploads() {
        return upstream().pendingUploads(BUCKET, prefix);
    }

    @Test
    void blobsAreObjectsUnderThePrefix_namedByTheirId_notByAnyUserKey() throws Exception {
        String id = write(store, random(100, 50)).blobId();
        assertThat(upstreamKeys()).containsExactly(prefix + id);
    }

    @Test
    void aLargeBody_goesUpInParts_andReadsBackWhole_withItsMd5() throws Exception {
        byte[] data = random(2 * PART + 12345, 51);
        BlobStore.Written written = write(store, data);
        assertThat(written.size()).isEqualTo(data.length);
        assertThat(written.md5()).isEqualTo(md5(data));
        assertThat(readAll(store, written.blobId(), data.length, 0, data.length)).isEqualTo(data);
        assertThat(readAll(store, written.blobId(), data.length, PART - 10, 20))
                .isEqualTo(Arrays.copyOfRange(data, PART - 10, PART + 10));
        assertThat(pendingUploads()).isZero();
    }

    @Test
    void aBodyOfUnknownLength_smallOrLarge_isStored() throws Exception {
        for (byte[] data : List.of(random(1000, 52), random(PART + 1, 53))) {
            BlobStore.Written written = onContext(() -> UniBridge.toFuture(store.create(-1)).compose(w -> {
                w.write(Buffer.buffer(data));
                return UniBridge.toFuture(w.commit());
            }));
            assertThat(written.md5()).isEqualTo(md5(data));
            assertThat(readAll(store, written.blobId(), data.length, 0, data.length)).isEqualTo(data);
        }
    }

    @Test
    void join_ofLargeParts_isCopiedByTheUpstream_andSmallOnesAreStreamed() throws Exception {
        byte[] a = random(PART, 54);
        byte[] b = random(PART + 7, 55);
        byte[] c = random(333, 56);
        String ia = write(store, a).blobId();
        String ib = write(store, b).blobId();
        String ic = write(store, c).blobId();
        byte[] expected = concat(concat(a, b), c);

        BlobStore.Written copied = store.join(List.of(new BlobStore.Segment(ia, 0, a.length),
                new BlobStore.Segment(ib, 0, b.length), new BlobStore.Segment(ic, 0, c.length))).await().atMost(WAIT);
        assertThat(copied.md5()).as("no byte passed through, so no MD5").isNull();
        assertThat(copied.size()).isEqualTo(expected.length);
        assertThat(readAll(store, copied.blobId(), expected.length, 0, expected.length)).isEqualTo(expected);

        BlobStore.Written streamed = store.join(List.of(new BlobStore.Segment(ic, 0, c.length),
                new BlobStore.Segment(ia, 0, a.length))).await().atMost(WAIT);
        assertThat(streamed.md5()).isEqualTo(md5(concat(c, a)));
        assertThat(pendingUploads()).isZero();
    }

    @Test
    void anUploadNeverCompleted_isAbortedByTheSweep() throws Exception {
        byte[] data = random(PART + 100, 57);
        onContext(() -> UniBridge.toFuture(store.create(-1)).map(w -> {
            w.write(Buffer.buffer(data)); // one part goes up; the process dies before the commit
            return w.blobId();
        }));
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> pendingUploads() == 1);

        assertThat(candidates(openStore(), Duration.ofHours(1))).isEmpty();
        assertThat(pendingUploads()).as("a young upload is left alone").isEqualTo(1);
        candidates(openStore(), Duration.ZERO);
        assertThat(pendingUploads()).isZero();
    }

    @Test
    void anUpstreamThatIsDown_failsAsUnavailable_quickly_andNeverHangs() {
        S3BlobStore down = new S3BlobStore(vertx, settings("http://127.0.0.1:1", upstream().secretKey(),
                Duration.ofSeconds(2)));
        opened.add(down);
        assertThatThrownBy(() -> readAll(down, "ab" + "0".repeat(30), 10, 0, 10))
                .isInstanceOf(BlobStoreUnavailableException.class).hasMessageContaining("cannot be reached");
        assertThatThrownBy(() -> write(down, random(10, 58))).hasCauseInstanceOf(BlobStoreUnavailableException.class);
    }

    @Test
    void wrongCredentials_areARefusal_notRetried_andNotUnavailable() {
        S3BlobStore refused = new S3BlobStore(vertx, settings(upstream().endpoint(), "not-the-secret", Duration.ofSeconds(5)));
        opened.add(refused);
        assertThatThrownBy(() -> write(refused, random(10, 59))).cause().isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("refused").hasMessageContaining("403");
    }

    private static byte[] concat(byte[] x, byte[] y) {
        byte[] out = Arrays.copyOf(x, x.length + y.length);
        System.arraycopy(y, 0, out, x.length, y.length);
        return out;
    }

    private static final Duration WAIT = Duration.ofSeconds(30);
}
