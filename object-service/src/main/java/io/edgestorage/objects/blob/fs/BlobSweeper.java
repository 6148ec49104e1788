package io.edgestorage.objects.blob.fs;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.edgestorage.objects.blob.BlobStore;
import io.edgestorage.objects.config.ObjectServiceConfig;
import io.edgestorage.objects.metadata.ObjectRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.scheduler.Scheduled;

/** Deletes orphan blobs (left by crashes or replaced versions) that no metadata row references. */
@ApplicationScoped
public class BlobSweeper {

    private static final Logger LOG = Logger.getLogger(BlobSweeper.class);

    private final BlobStore blobs;
    private final ObjectRepository objects;
    private final Duration orphanAge;

    private final Timer duration;

    public BlobSweeper(BlobStore blobs, ObjectRepository objects, ObjectServiceConfig config, MeterRegistry metrics) {
        this.blobs = blobs;
        this.objects = objects;
        this.orphanAge = config.blobs().orphanAge();
        // A sweep lists every blob file and asks PostgreSQL about them in batches: its cost grows with the store.
        this.duration = Timer.builder("edge.blob.sweep").description("Time one orphan-blob sweep took")
                .register(metrics);
    }

    @Scheduled(every = "${edge.blobs.sweep-interval}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        sweep(orphanAge);
    }

    /** Runs one sweep (blocking; call from a worker thread). */
    public int sweep(Duration minAge) {
        long started = System.nanoTime();
        int deleted = blobs.sweep(minAge, ids -> objects.referencedBlobs(ids).await().atMost(Duration.ofSeconds(30)));
        long tookNanos = System.nanoTime() - started;
        duration.record(Duration.ofNanos(tookNanos));
        if (deleted > 0) {
            LOG.infof("Blob sweep removed %d orphan blob(s) in %d ms", deleted, tookNanos / 1_000_000);
        } else {
            LOG.debugf("Blob sweep found no orphan in %d ms", tookNanos / 1_000_000);
        }
        return deleted;
    }
}
