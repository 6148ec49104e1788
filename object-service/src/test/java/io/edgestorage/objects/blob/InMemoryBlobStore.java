package io.edgestorage.objects.blob;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;

/**
 * A second backend in a few lines, to show the contract is the backend's whole job: blobs in a map, reads
 * streamed (no fast path), and the interface's defaults for {@code deleteAll}, {@code deleteLater} and
 * {@code bytes}. A write in progress is in the map from its start, as a partial object would be in a remote
 * store, so a crash leaves it for the sweeper.
 */
final class InMemoryBlobStore implements BlobStore {

    private static final int CHUNK = 64 * 1024;

    /** What a restarted store finds again: the blobs, each with the time its write started. */
    static final class Storage {
        private final Map<String, Entry> blobs = new ConcurrentHashMap<>();
    }

    private record Entry(Buffer bytes, Instant started) {
    }

    private final Storage storage;

    InMemoryBlobStore(Storage storage) {
        this.storage = storage;
    }

    @Override
    public Uni<BlobWrite> create(long expectedSize) {
        return Uni.createFrom().item(new Write(UUID.randomUUID().toString().replace("-", "")));
    }

    private final class Write implements BlobWrite {
        private final String id;
        private final Buffer bytes = Buffer.buffer();
        private final MessageDigest md5;

        Write(String id) {
            this.id = id;
            try {
                this.md5 = MessageDigest.getInstance("MD5");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            storage.blobs.put(id, new Entry(bytes, Instant.now()));
        }

        @Override
        public String blobId() {
            return id;
        }

        @Override
        public Future<Void> write(Buffer data) {
            bytes.appendBuffer(data);
            md5.update(data.getBytes());
            return Future.succeededFuture();
        }

        @Override
        public void write(Buffer data, Handler<AsyncResult<Void>> handler) {
            write(data).onComplete(handler);
        }

        @Override
        public void end(Handler<AsyncResult<Void>> handler) {
            Future.<Void>succeededFuture().onComplete(handler);
        }

        @Override
        public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
            return this;
        }

        @Override
        public boolean writeQueueFull() {
            return false;
        }

        @Override
        public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
            return this;
        }

        @Override
        public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
            return this;
        }

        @Override
        public Uni<Written> commit() {
            return Uni.createFrom().item(() -> new Written(id, bytes.length(), md5.digest()));
        }

        @Override
        public Uni<Void> abort() {
            return Uni.createFrom().item(() -> storage.blobs.remove(id)).replaceWithVoid();
        }
    }

    @Override
    public Uni<BlobRead> open(String blobId, long blobSize, long offset, long length) {
        return Uni.createFrom().item(() -> {
            BlobRead.requireInside(blobId, blobSize, offset, length);
            // The bytes as they are at subscription: a reader keeps them if the blob is deleted.
            return BlobRead.streamed(length, Multi.createFrom().deferred(() -> {
                Entry entry = storage.blobs.get(blobId);
                if (entry == null) {
                    return Multi.createFrom().failure(new NoSuchBlobException(blobId, null));
                }
                List<Buffer> chunks = new ArrayList<>();
                for (long at = offset; at < offset + length; at += CHUNK) {
                    chunks.add(entry.bytes().slice((int) at, (int) Math.min(offset + length, at + CHUNK)));
                }
                return Multi.createFrom().iterable(chunks);
            }));
        });
    }

    @Override
    public Uni<Written> compose(List<Segment> segments) {
        return Uni.createFrom().item(() -> {
            Write out = new Write(UUID.randomUUID().toString().replace("-", ""));
            for (Segment s : segments) {
                Entry entry = storage.blobs.get(s.blobId());
                if (entry == null) {
                    throw new NoSuchBlobException(s.blobId(), null);
                }
                out.write(entry.bytes().slice((int) s.offset(), (int) (s.offset() + s.length())));
            }
            return out;
        }).flatMap(Write::commit);
    }

    @Override
    public Uni<Void> delete(String blobId) {
        return Uni.createFrom().item(() -> storage.blobs.remove(blobId)).replaceWithVoid();
    }

    @Override
    public Multi<List<String>> listOlderThan(Duration minAge, int pageSize) {
        return Multi.createFrom().deferred(() -> {
            Instant cutoff = Instant.now().minus(minAge);
            return Multi.createFrom().iterable(storage.blobs.entrySet())
                    .filter(e -> e.getValue().started().isBefore(cutoff)).map(Map.Entry::getKey)
                    .group().intoLists().of(pageSize);
        });
    }
}
