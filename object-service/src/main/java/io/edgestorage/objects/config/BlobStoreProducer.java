package io.edgestorage.objects.config;

import java.net.URI;
import java.nio.file.Path;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import io.edgestorage.objects.blob.BlobStore;
import io.edgestorage.objects.blob.DelayedDeleteStore;
import io.edgestorage.objects.blob.SmallBlobCache;
import io.edgestorage.objects.blob.fs.FilesystemBlobStore;
import io.edgestorage.objects.blob.s3.S3BlobStore;
import io.edgestorage.objects.blob.s3.S3StoreSettings;
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
            case S3 -> new S3BlobStore(vertx, s3Settings(blobs.s3()));
        };
        if (!blobs.deleteDelay().isZero()) {
            store = new DelayedDeleteStore(store, vertx, blobs.deleteDelay());
        }
        long cacheSize = blobs.cacheSize().asLongValue();
        return cacheSize == 0 ? store : new SmallBlobCache(store, blobs.cacheMaxBlobSize().asLongValue(), cacheSize);
    }

    /** The upstream's settings; a missing or malformed one fails startup with the setting's name. */
    static S3StoreSettings s3Settings(ObjectServiceConfig.UpstreamS3 s3) {
        String endpoint = s3.endpoint().orElseThrow(() -> new IllegalArgumentException(
                "edge.blobs.s3.endpoint (EDGE_BLOB_S3_ENDPOINT) is required with edge.blob-store=s3"));
        URI uri;
        try {
            uri = URI.create(endpoint);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("edge.blobs.s3.endpoint is not a URL: " + endpoint, e);
        }
        return new S3StoreSettings(uri, s3.region(), s3.bucket().orElse(null), s3.accessKey().orElse(null),
                s3.secretKey().orElse(null), s3.pathStyle(), s3.prefix(), s3.caFile(),
                s3.multipartThreshold().asLongValue(), (int) s3.partSize().asLongValue(), s3.partParallelism(),
                s3.maxConnections(), s3.connectTimeout(), s3.requestTimeout(), s3.maxRetries());
    }
}
