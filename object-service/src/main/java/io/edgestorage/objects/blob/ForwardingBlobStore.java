package io.edgestorage.objects.blob;

import java.time.Duration;
import java.util.List;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** A store that hands every call to another; decorators override what they change. */
public abstract class ForwardingBlobStore implements BlobStore {

    protected final BlobStore store;

    protected ForwardingBlobStore(BlobStore store) {
        this.store = store;
    }

    @Override
    public Uni<BlobWrite> create(long expectedSize) {
        return store.create(expectedSize);
    }

    @Override
    public Uni<BlobRead> open(String blobId, long blobSize, long offset, long length) {
        return store.open(blobId, blobSize, offset, length);
    }

    @Override
    public Uni<Written> compose(List<Segment> segments) {
        return store.compose(segments);
    }

    @Override
    public Uni<Written> join(List<Segment> segments) {
        return store.join(segments);
    }

    @Override
    public Uni<Void> delete(String blobId) {
        return store.delete(blobId);
    }

    @Override
    public Uni<Void> deleteAll(List<String> blobIds) {
        return store.deleteAll(blobIds);
    }

    @Override
    public void deleteLater(String blobId) {
        store.deleteLater(blobId);
    }

    @Override
    public Multi<List<String>> listOlderThan(Duration minAge, int pageSize) {
        return store.listOlderThan(minAge, pageSize);
    }
}
