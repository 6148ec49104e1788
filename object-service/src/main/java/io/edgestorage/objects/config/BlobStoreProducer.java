package io.edgestorage.objects.config;

import java.nio.file.Path;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import io.edgestorage.objects.blob.BlobStore;
import io.edgestorage.objects.blob.DelayedDeleteStore;
import io.edgestorage.objects.blob.SmallBlobCache;
import io.edgestorage.objects.blob.fs.FilesystemBlobStore;
import io.vertx.core.Vertx;

/**
 * The blob store: the backend {@code edge.blob-store} names, wrapped in the grace period for replaced blobs
 * ({@code edge.blobs.delete-delay}) and the small-blob cache. A second backend is one more case here.
 */
@ApplicationScoped
public class BlobStoreProducer {

    @Produces
    @ApplicationScoped
    BlobStore blobStore(Vertx vertx, ObjectServiceConfig config) {
        ObjectServiceConfig.Blobs blobs = config.blobs();
        BlobStore store = switch (config.blobStore()) {
            case FILESYSTEM -> new FilesystemBlobStore(vertx, Path.of(blobs.dir()), blobs.fsync(),
                    (int) blobs.writeBufferSize().asLongValue());
        };
        if (!blobs.deleteDelay().isZero()) {
            store = new DelayedDeleteStore(store, vertx, blobs.deleteDelay());
        }
        long cacheSize = blobs.cacheSize().asLongValue();
        return cacheSize == 0 ? store : new SmallBlobCache(store, blobs.cacheMaxBlobSize().asLongValue(), cacheSize);
    }
}
