package io.edgestorage.objects.config;

import java.nio.file.Path;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import io.edgestorage.objects.blob.BlobStore;
import io.edgestorage.objects.blob.SmallBlobCache;
import io.edgestorage.objects.blob.fs.FilesystemBlobStore;
import io.vertx.core.Vertx;

/** The blob store: the filesystem implementation under {@code edge.blobs.dir}, small blobs cached in memory. */
@ApplicationScoped
public class BlobStoreProducer {

    @Produces
    @ApplicationScoped
    BlobStore blobStore(Vertx vertx, ObjectServiceConfig config) {
        ObjectServiceConfig.Blobs blobs = config.blobs();
        BlobStore files = new FilesystemBlobStore(vertx, Path.of(blobs.dir()), blobs.deleteDelay(), blobs.fsync(),
                (int) blobs.writeBufferSize().asLongValue());
        long cacheSize = blobs.cacheSize().asLongValue();
        return cacheSize == 0 ? files : new SmallBlobCache(files, blobs.cacheMaxBlobSize().asLongValue(), cacheSize);
    }
}
