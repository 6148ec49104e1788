package io.edgestorage.objects.blob.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.edgestorage.objects.blob.BlobRead;
import io.edgestorage.objects.blob.BlobStore;
import io.edgestorage.objects.blob.BlobStoreContract;

/** The filesystem store passes the contract, and offers every read as a file region for sendfile. */
class FilesystemBlobStoreTest extends BlobStoreContract {

    @TempDir
    Path dir;

    @Override
    protected BlobStore openStore() {
        return new FilesystemBlobStore(vertx, dir, true, 4096);
    }

    @Test
    void aRead_isARegionOfTheBlobFile() throws Exception {
        byte[] data = random(10_000, 50);
        String id = write(store, data).blobId();

        BlobRead read = store.open(id, data.length, 100, 5000).await().indefinitely();

        BlobRead.FileRegion region = read.fileRegion().orElseThrow();
        assertThat(region.offset()).isEqualTo(100);
        assertThat(region.length()).isEqualTo(5000);
        assertThat(Files.readAllBytes(region.file())).isEqualTo(data);
        assertThat(read.inMemory()).isEmpty();
    }
}
