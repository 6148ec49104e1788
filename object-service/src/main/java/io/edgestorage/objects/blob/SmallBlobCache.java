package io.edgestorage.objects.blob;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * Keeps the bytes of small blobs in memory, bounded in total size. Blobs never change once written
 * (an overwrite is a new blob id), so a cached blob is never stale and needs no invalidation across
 * replicas; a small GET is then answered without opening, stat-ing and closing a file. Larger blobs
 * go to the wrapped store, which sends them zero-copy.
 */
public final class SmallBlobCache implements BlobStore {

    private final BlobStore store;
    private final long maxBlobSize;
    private final Cache<String, Buffer> cache;

    /**
     * @param maxBlobSize largest blob kept in memory
     * @param maxBytes    memory bound of the whole cache
     */
    public SmallBlobCache(BlobStore store, long maxBlobSize, long maxBytes) {
        this.store = store;
        this.maxBlobSize = maxBlobSize;
        this.cache = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .<String, Buffer>weigher((id, bytes) -> bytes.length() + id.length() + 64)
                .build();
    }

    @Override
    public Future<Void> send(HttpServerResponse response, String blobId, long blobSize, long offset, long length) {
        if (blobSize > maxBlobSize || length == 0) {
            return store.send(response, blobId, blobSize, offset, length);
        }
        Buffer cached = cache.getIfPresent(blobId);
        if (cached != null) {
            return response.end(cached.slice((int) offset, (int) (offset + length)));
        }
        return store.readAll(blobId).compose(bytes -> {
            if (bytes.length() != blobSize) {
                return Future.failedFuture(new IllegalStateException(
                        "blob " + blobId + " has " + bytes.length() + " bytes, its metadata says " + blobSize));
            }
            cache.put(blobId, bytes);
            return response.end(bytes.slice((int) offset, (int) (offset + length)));
        });
    }

    /** Bytes held right now (for the metrics and tests). */
    public long cachedBytes() {
        cache.cleanUp();
        return cache.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
    }

    @Override
    public Future<Buffer> readAll(String blobId) {
        return store.readAll(blobId);
    }

    @Override
    public Future<BlobWrite> create(long expectedSize) {
        return store.create(expectedSize);
    }

    @Override
    public Uni<Composed> compose(List<Segment> segments) {
        return store.compose(segments);
    }

    @Override
    public Future<Void> delete(String blobId) {
        cache.invalidate(blobId);
        return store.delete(blobId);
    }

    @Override
    public void deleteLater(String blobId) {
        cache.invalidate(blobId);
        store.deleteLater(blobId);
    }

    @Override
    public int sweep(Duration minAge, Function<List<String>, Set<String>> referenced) {
        return store.sweep(minAge, referenced);
    }
}
