package io.edgestorage.objects.blob;

import java.util.List;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * Keeps the bytes of small blobs in memory, bounded in total size. Blobs never change once written
 * (an overwrite is a new blob id), so a cached blob is never stale and needs no invalidation across
 * replicas; a small GET is then answered without opening, stat-ing and closing a file. Larger blobs
 * go to the wrapped store, which sends them zero-copy.
 */
public final class SmallBlobCache extends ForwardingBlobStore {

    private final long maxBlobSize;
    private final Cache<String, Buffer> cache;

    /**
     * @param maxBlobSize largest blob kept in memory
     * @param maxBytes    memory bound of the whole cache
     */
    public SmallBlobCache(BlobStore store, long maxBlobSize, long maxBytes) {
        super(store);
        this.maxBlobSize = maxBlobSize;
        this.cache = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .<String, Buffer>weigher((id, bytes) -> bytes.length() + id.length() + 64)
                .build();
    }

    /** On Vert.x futures inside (as the GET path), one crossing to Mutiny at the end. */
    @Override
    public Uni<BlobRead> open(String blobId, long blobSize, long offset, long length) {
        if (blobSize > maxBlobSize || length == 0) {
            return store.open(blobId, blobSize, offset, length);
        }
        BlobRead.requireInside(blobId, blobSize, offset, length);
        Buffer cached = cache.getIfPresent(blobId);
        if (cached != null) {
            return Uni.createFrom().item(slice(cached, offset, length));
        }
        return UniBridge.defer(() -> UniBridge.toFuture(store.open(blobId, blobSize, 0, blobSize))
                .compose(whole -> UniBridge.toFuture(whole.bytes()))
                .compose(bytes -> {
                    if (bytes.length() != blobSize) {
                        return Future.failedFuture(new IllegalStateException(
                                "blob " + blobId + " has " + bytes.length() + " bytes, its metadata says " + blobSize));
                    }
                    cache.put(blobId, bytes);
                    return Future.succeededFuture(slice(bytes, offset, length));
                }));
    }

    private static BlobRead slice(Buffer bytes, long offset, long length) {
        return BlobRead.of(bytes.slice((int) offset, (int) (offset + length)));
    }

    /** Bytes held right now (for the metrics and tests). */
    public long cachedBytes() {
        cache.cleanUp();
        return cache.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
    }

    @Override
    public Uni<Void> delete(String blobId) {
        cache.invalidate(blobId);
        return store.delete(blobId);
    }

    @Override
    public Uni<Void> deleteAll(List<String> blobIds) {
        cache.invalidateAll(blobIds);
        return store.deleteAll(blobIds);
    }

    @Override
    public void deleteLater(String blobId) {
        cache.invalidate(blobId);
        store.deleteLater(blobId);
    }
}
