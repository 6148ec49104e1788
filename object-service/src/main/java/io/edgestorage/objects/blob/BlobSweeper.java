package io.edgestorage.objects.blob;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.edgestorage.objects.config.ObjectServiceConfig;
import io.edgestorage.objects.metadata.ObjectRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Deletes orphan blobs (left by crashes or replaced versions) that no metadata row references. Page by page:
 * the store lists a page of old blobs, PostgreSQL says which of them rows reference, the rest is deleted,
 * then the next page is listed; nothing waits on a thread.
 */
@ApplicationScoped
public class BlobSweeper {

    private static final Logger LOG = Logger.getLogger(BlobSweeper.class);

    /** Blob ids per question to PostgreSQL. */
    static final int PAGE = 500;
    private static final Duration REFERENCE_TIMEOUT = Duration.ofSeconds(30);

    private final BlobStore blobs;
    private final ObjectRepository objects;
    private final Duration orphanAge;

    private final Timer duration;

    public BlobSweeper(BlobStore blobs, ObjectRepository objects, ObjectServiceConfig config, MeterRegistry metrics) {
        this.blobs = blobs;
        this.objects = objects;
        this.orphanAge = config.blobs().orphanAge();
        // A sweep lists every blob and asks PostgreSQL about them in pages: its cost grows with the store.
        this.duration = Timer.builder("edge.blob.sweep").description("Time one orphan-blob sweep took")
                .register(metrics);
    }

    @Scheduled(every = "${edge.blobs.sweep-interval}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return sweep(orphanAge).replaceWithVoid();
    }

    /** Runs one sweep; completes with how many orphans were deleted. */
    public Uni<Integer> sweep(Duration minAge) {
        return Uni.createFrom().deferred(() -> {
            long started = System.nanoTime();
            return sweep(blobs, minAge, objects::referencedBlobs).invoke(deleted -> {
                long tookNanos = System.nanoTime() - started;
                duration.record(Duration.ofNanos(tookNanos));
                if (deleted > 0) {
                    LOG.infof("Blob sweep removed %d orphan blob(s) in %d ms", deleted, tookNanos / 1_000_000);
                } else {
                    LOG.debugf("Blob sweep found no orphan in %d ms", tookNanos / 1_000_000);
                }
            });
        });
    }

    /**
     * Deletes the blobs of {@code store} older than {@code minAge} that {@code referenced} does not name, one
     * page at a time; completes with how many it deleted.
     */
    public static Uni<Integer> sweep(BlobStore store, Duration minAge,
            Function<List<String>, Uni<Set<String>>> referenced) {
        return store.listOlderThan(minAge, PAGE)
                .onItem().transformToUniAndConcatenate(page -> referenced.apply(page)
                        .ifNoItem().after(REFERENCE_TIMEOUT).fail()
                        .flatMap(keep -> {
                            List<String> orphans = page.stream().filter(id -> !keep.contains(id)).toList();
                            return orphans.isEmpty() ? Uni.createFrom().item(0)
                                    : store.deleteAll(orphans).replaceWith(orphans.size());
                        }))
                .collect().in(() -> new int[1], (total, n) -> total[0] += n)
                .map(total -> total[0]);
    }
}
