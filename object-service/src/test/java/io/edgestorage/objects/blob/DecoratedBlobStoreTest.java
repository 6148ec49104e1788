package io.edgestorage.objects.blob;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.edgestorage.objects.blob.fs.FilesystemBlobStore;

/**
 * The stack the service runs (small-blob cache around the grace period around the filesystem store) passes
 * the contract too: decorators keep every promise of the store they wrap.
 */
class DecoratedBlobStoreTest extends BlobStoreContract {

    private static final Duration GRACE = Duration.ofMillis(300);

    @TempDir
    Path dir;

    @Override
    protected BlobStore openStore() {
        return new SmallBlobCache(new DelayedDeleteStore(new FilesystemBlobStore(vertx, dir, true, 4096), vertx, GRACE),
                64 * 1024, 1024 * 1024);
    }

    @Test
    void aSmallBlob_isReadFromMemory_afterItsFirstRead() throws Exception {
        byte[] data = random(1000, 60);
        String id = write(store, data).blobId();

        BlobRead first = store.open(id, data.length, 0, data.length).await().indefinitely();
        BlobRead second = store.open(id, data.length, 10, 20).await().indefinitely();

        assertThat(first.inMemory()).isPresent();
        assertThat(second.inMemory().orElseThrow().getBytes()).isEqualTo(java.util.Arrays.copyOfRange(data, 10, 30));
        assertThat(((SmallBlobCache) store).cachedBytes()).isGreaterThanOrEqualTo(data.length);
    }

    @Test
    void deleteLater_keepsTheBlobReadableForTheGracePeriod() throws Exception {
        byte[] data = random(largeSize(), 61);
        String id = write(store, data).blobId();
        BlobRead opened = store.open(id, data.length, 0, data.length).await().indefinitely();

        store.deleteLater(id);

        assertThat(opened.bytes().await().indefinitely().getBytes()).isEqualTo(data);
    }
}
