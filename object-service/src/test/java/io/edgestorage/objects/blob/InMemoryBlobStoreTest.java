package io.edgestorage.objects.blob;

/**
 * A store with no file region and only the interface's defaults passes the same contract: the contract asks
 * nothing of the filesystem.
 */
class InMemoryBlobStoreTest extends BlobStoreContract {

    private final InMemoryBlobStore.Storage storage = new InMemoryBlobStore.Storage();

    @Override
    protected BlobStore openStore() {
        return new InMemoryBlobStore(storage);
    }
}
