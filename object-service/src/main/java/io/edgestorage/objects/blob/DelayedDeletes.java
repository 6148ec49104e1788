package io.edgestorage.objects.blob;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Blob ids waiting out the grace period before deletion, in the order they were added. Why a queue: an
 * overwriting PUT replaces a blob every time, and one timer plus one worker hand-off per replaced blob cost
 * more than the unlink itself; {@link DelayedDeleteStore} takes what is due once per tick and deletes it in
 * one round ({@link BlobStore#deleteAll}). Safe to add from any thread.
 */
final class DelayedDeletes {

    private record Entry(String blobId, long dueNanos) {
    }

    private final ConcurrentLinkedQueue<Entry> queue = new ConcurrentLinkedQueue<>();
    private final long delayNanos;

    DelayedDeletes(long delayNanos) {
        this.delayNanos = delayNanos;
    }

    void add(String blobId, long nowNanos) {
        queue.add(new Entry(blobId, nowNanos + delayNanos));
    }

    /**
     * Removes and returns the ids whose grace period is over. Entries added concurrently may be a few
     * microseconds out of order; an entry then waits for the next tick, never deleted early.
     */
    List<String> takeDue(long nowNanos) {
        List<String> due = new ArrayList<>();
        Entry head;
        while ((head = queue.peek()) != null && head.dueNanos - nowNanos <= 0) {
            queue.poll();
            due.add(head.blobId);
        }
        return due;
    }
}
