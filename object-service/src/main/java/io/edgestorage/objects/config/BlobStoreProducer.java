package io.edgestorage.objects.config;

import java.nio.file.Path;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import io.edgestorage.objects.service.BlobStore;
import io.edgestorage.objects.service.FilesystemBlobStore;
import io.vertx.core.Vertx;

/** The blob store: the filesystem implementation under {@code edge.blobs.dir}. */
@ApplicationScoped
public class BlobStoreProducer {

    @Produces
    @ApplicationScoped
    BlobStore blobStore(Vertx vertx, ObjectServiceConfig config) {
        return new FilesystemBlobStore(vertx, Path.of(config.blobs().dir()), config.blobs().deleteDelay());
    }
}
