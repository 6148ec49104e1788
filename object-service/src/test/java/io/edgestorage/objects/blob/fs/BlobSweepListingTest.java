package io.edgestorage.objects.blob.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.edgestorage.objects.blob.BlobSweeper;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * The sweeper lists the store while blobs are being deleted: by the grace-period deletes of this replica and by
 * other replicas sharing the volume. A file that vanishes between the directory listing and the look at its age
 * must be passed over, not abort the sweep ({@code Files.walk} throws an unchecked NoSuchFileException for it,
 * and out of the scheduled sweep that would mean a store that always deletes something is never swept).
 */
class BlobSweepListingTest {

    @TempDir
    Path dir;

    @Test
    void aSweep_passesOverBlobsDeletedWhileItLists_andStillDeletesTheOrphansThatRemain() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            sweepWhileDeleting(new FilesystemBlobStore(vertx, dir, false, 4096));
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    private static void sweepWhileDeleting(FilesystemBlobStore store) throws Exception {
        List<Path> vanishing = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            Path blob = store.path(FilesystemBlobStore.newId());
            Files.write(blob, new byte[0]);
            vanishing.add(blob);
        }
        Collections.shuffle(vanishing, new Random(11));
        Path orphan = store.path(FilesystemBlobStore.newId());
        Files.write(orphan, new byte[0]);
        Set<String> vanishingIds = new HashSet<>();
        vanishing.forEach(p -> vanishingIds.add(p.getFileName().toString()));

        Thread deleter = new Thread(() -> vanishing.forEach(p -> p.toFile().delete()));
        deleter.start();
        int sweeps = 0;
        int orphansDeleted = 0;
        try {
            while (deleter.isAlive() || sweeps == 0) {
                // Keeps every blob the deleter owns, so only the orphan is the sweep's to delete.
                orphansDeleted += BlobSweeper.sweep(store, Duration.ZERO, batch -> {
                    Set<String> keep = new HashSet<>(batch);
                    keep.removeIf(id -> !vanishingIds.contains(id));
                    return Uni.createFrom().item(keep);
                }).await().atMost(Duration.ofMinutes(1));
                sweeps++;
            }
        } finally {
            deleter.join();
        }
        assertThat(orphansDeleted).isEqualTo(1);
        assertThat(orphan).doesNotExist();
        assertThat(sweeps).isPositive();
    }
}
