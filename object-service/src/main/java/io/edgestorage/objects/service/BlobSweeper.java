package io.edgestorage.objects.service;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.edgestorage.objects.config.ObjectServiceConfig;
import io.edgestorage.objects.repository.ObjectRepository;
import io.quarkus.scheduler.Scheduled;

/** Deletes orphan blobs (left by crashes or replaced versions) that no metadata row references. */
@ApplicationScoped
public class BlobSweeper {

    private static final Logger LOG = Logger.getLogger(BlobSweeper.class);

    private final BlobStore blobs;
    private final ObjectRepository objects;
    private final Duration orphanAge;

    public BlobSweeper(BlobStore blobs, ObjectRepository objects, ObjectServiceConfig config) {
        this.blobs = blobs;
        this.objects = objects;
        this.orphanAge = config.blobs().orphanAge();
    }

    @Scheduled(every = "${edge.blobs.sweep-interval:5m}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        sweep(orphanAge);
    }

    /** Runs one sweep (blocking; call from a worker thread). */
    public int sweep(Duration minAge) {
        int deleted = blobs.sweep(minAge, ids -> objects.referencedBlobs(ids).await().atMost(Duration.ofSeconds(30)));
        if (deleted > 0) {
            LOG.infof("Blob sweep removed %d orphan blob(s)", deleted);
        }
        return deleted;
    }
}
