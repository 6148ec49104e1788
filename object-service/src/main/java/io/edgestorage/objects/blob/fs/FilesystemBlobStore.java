package io.edgestorage.objects.blob.fs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jboss.logging.Logger;

import io.edgestorage.objects.blob.BlobRead;
import io.edgestorage.objects.blob.BlobStore;
import io.edgestorage.objects.blob.NoSuchBlobException;
import io.edgestorage.objects.blob.UniBridge;
import io.netty.buffer.PooledByteBufAllocator;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.vertx.MultiHelper;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;

/**
 * One file per blob under {@code <dir>/<first two hex digits>/<id>}. Files are written through coalescing
 * buffers, one {@code FileChannel} write per buffer on a worker ({@link CoalescingFileWrite}), fsynced on
 * commit (unless turned off). A read is a region of the file ({@link BlobRead#fileRegion}), which the S3 layer
 * sends with sendfile; opening one does no I/O. Every other file operation runs on a worker thread.
 */
public final class FilesystemBlobStore implements BlobStore {

    private static final Logger LOG = Logger.getLogger(FilesystemBlobStore.class);
    /** Bytes per read when a blob is streamed rather than sent with sendfile. */
    private static final int STREAM_CHUNK = 64 * 1024;
    /** Vert.x opens for writing and creates a missing file unless told not to. */
    private static final OpenOptions READ_ONLY = new OpenOptions().setRead(true).setWrite(false).setCreate(false);

    private final Vertx vertx;
    private final Path root;
    private final boolean fsync;
    private final int writeBufferSize;

    /**
     * @param fsync           whether a blob reaches stable storage before its metadata is committed; off
     *                        only where losing the last seconds of uploads in a power cut is acceptable
     *                        (benchmarks against stores that never fsync)
     * @param writeBufferSize bytes gathered before each file write (at most about three such buffers per
     *                        upload in memory)
     */
    public FilesystemBlobStore(Vertx vertx, Path root, boolean fsync, int writeBufferSize) {
        if (writeBufferSize < 4096) {
            throw new IllegalArgumentException("the write buffer must hold at least 4 KiB");
        }
        this.vertx = vertx;
        this.root = root.toAbsolutePath().normalize();
        this.fsync = fsync;
        this.writeBufferSize = writeBufferSize;
        try {
            Files.createDirectories(this.root);
            for (int i = 0; i < 256; i++) {
                Files.createDirectories(this.root.resolve(String.format("%02x", i)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the blob directory " + this.root, e);
        }
    }

    public Path root() {
        return root;
    }

    Path path(String blobId) {
        if (blobId.length() < 3 || blobId.indexOf('/') >= 0 || blobId.indexOf('.') >= 0) {
            throw new IllegalArgumentException("not a blob id");
        }
        return root.resolve(blobId.substring(0, 2)).resolve(blobId);
    }

    static String newId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /** No I/O here: the file is created by the first write (for a small body, together with its bytes). */
    @Override
    public Uni<BlobWrite> create(long expectedSize) {
        String id = newId();
        return Uni.createFrom().item(new CoalescingFileWrite(vertx.getOrCreateContext(), PooledByteBufAllocator.DEFAULT,
                id, path(id), writeBufferSize, expectedSize, fsync));
    }

    @Override
    public Uni<BlobRead> open(String blobId, long blobSize, long offset, long length) {
        try {
            BlobRead.requireInside(blobId, blobSize, offset, length);
            return Uni.createFrom().item(new FileRead(blobId, path(blobId), offset, length));
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(e);
        }
    }

    /** A range of a blob file; the file is opened only when the content is read. */
    private final class FileRead implements BlobRead {
        private final String blobId;
        private final Path file;
        private final long offset;
        private final long length;

        FileRead(String blobId, Path file, long offset, long length) {
            this.blobId = blobId;
            this.file = file;
            this.offset = offset;
            this.length = length;
        }

        @Override
        public long length() {
            return length;
        }

        @Override
        public Optional<FileRegion> fileRegion() {
            return Optional.of(new FileRegion(file, offset, length));
        }

        /** Held open while it streams, so a reader finishes even if the blob is deleted meanwhile. */
        @Override
        public Multi<Buffer> content() {
            if (length == 0) {
                return Multi.createFrom().empty();
            }
            return Multi.createFrom().deferred(() -> {
                long[] read = {0};
                return Multi.createFrom().resourceFromUni(
                        () -> UniBridge.defer(() -> vertx.fileSystem().open(file.toString(), READ_ONLY)
                                .recover(e -> Future.failedFuture(missing(e)))),
                        (AsyncFile f) -> MultiHelper.toMulti(
                                f.setReadPos(offset).setReadLength(length).setReadBufferSize(STREAM_CHUNK)))
                        .withFinalizer((AsyncFile f) -> UniBridge.defer(f::close))
                        .onItem().invoke(b -> read[0] += b.length())
                        .onCompletion().call(() -> read[0] == length ? Uni.createFrom().voidItem()
                                : Uni.createFrom().failure(shorter(read[0])));
            });
        }

        /** One worker task: open, read, close (as the small-blob cache fills). */
        @Override
        public Uni<Buffer> bytes() {
            return UniBridge.defer(() -> vertx.executeBlocking(() -> {
                if (length > Integer.MAX_VALUE) {
                    throw new IllegalStateException("blob " + blobId + " is too large to read into memory");
                }
                ByteBuffer into = ByteBuffer.allocate((int) length);
                try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
                    while (into.hasRemaining()) {
                        if (in.read(into, offset + into.position()) < 0) {
                            throw shorter(into.position());
                        }
                    }
                } catch (NoSuchFileException e) {
                    throw new NoSuchBlobException(blobId, e);
                }
                return Buffer.buffer(into.array());
            }, false));
        }

        private Throwable missing(Throwable e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return cause instanceof NoSuchFileException ? new NoSuchBlobException(blobId, e) : e;
        }

        private IllegalStateException shorter(long got) {
            return new IllegalStateException("blob " + blobId + " ended after " + got + " of the " + length
                    + " bytes from " + offset);
        }
    }

    @Override
    public Uni<Written> compose(List<Segment> segments) {
        return UniBridge.defer(() -> vertx.executeBlocking(() -> composeBlocking(segments), false));
    }

    private Written composeBlocking(List<Segment> segments) throws IOException {
        String id = newId();
        Path target = path(id);
        MessageDigest md5;
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        ByteBuffer buffer = ByteBuffer.allocate(256 * 1024);
        long total = 0;
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (Segment s : segments) {
                try (FileChannel in = FileChannel.open(path(s.blobId()), StandardOpenOption.READ)) {
                    long pos = s.offset();
                    long left = s.length();
                    while (left > 0) {
                        buffer.clear();
                        if (left < buffer.capacity()) {
                            buffer.limit((int) left);
                        }
                        int n = in.read(buffer, pos);
                        if (n <= 0) {
                            throw new IOException("blob " + s.blobId() + " is shorter than its metadata");
                        }
                        buffer.flip();
                        md5.update(buffer.duplicate());
                        while (buffer.hasRemaining()) {
                            out.write(buffer);
                        }
                        pos += n;
                        left -= n;
                        total += n;
                    }
                }
            }
            if (fsync) {
                out.force(true);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(target);
            throw e;
        }
        return new Written(id, total, md5.digest());
    }

    @Override
    public Uni<Void> delete(String blobId) {
        return UniBridge.defer(() -> vertx.fileSystem().delete(path(blobId).toString())
                .recover(e -> Future.succeededFuture()));
    }

    /** One worker task for all of them. */
    @Override
    public Uni<Void> deleteAll(List<String> blobIds) {
        return UniBridge.defer(() -> vertx.executeBlocking(() -> {
            for (String id : blobIds) {
                try {
                    Files.deleteIfExists(path(id));
                } catch (IOException | IllegalArgumentException e) {
                    LOG.warnf("Could not delete blob %s: %s", id, e.getMessage());
                }
            }
            return null;
        }, false));
    }

    /** One worker task per shard directory (1/256 of the store), pages cut from what they find. */
    @Override
    public Multi<List<String>> listOlderThan(Duration minAge, int pageSize) {
        return Multi.createFrom().deferred(() -> {
            Instant cutoff = Instant.now().minus(minAge);
            return Multi.createFrom().uni(UniBridge.defer(() -> vertx.executeBlocking(this::shards, false)))
                    .onItem().<Path>disjoint()
                    .onItem().transformToUniAndConcatenate(shard -> UniBridge.defer(
                            () -> vertx.executeBlocking(() -> olderThan(shard, cutoff), false)))
                    .onItem().<String>disjoint()
                    .group().intoLists().of(pageSize);
        });
    }

    private List<Path> shards() {
        List<Path> shards = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Files::isDirectory)) {
            dirs.forEach(shards::add);
        } catch (IOException | DirectoryIteratorException e) {
            LOG.warnf("Blob sweep could not list %s: %s", root, e.getMessage());
        }
        return shards;
    }

    /**
     * The ids of blob files in {@code shard} last modified before {@code cutoff}. Blobs are deleted while this
     * runs (grace-period deletes, other replicas on the same volume): one that vanishes between the listing
     * and the look at its age is passed over rather than ending the sweep.
     */
    private List<String> olderThan(Path shard, Instant cutoff) {
        List<String> found = new ArrayList<>();
        try (DirectoryStream<Path> blobs = Files.newDirectoryStream(shard)) {
            for (Path blob : blobs) {
                try {
                    BasicFileAttributes attributes = Files.readAttributes(blob, BasicFileAttributes.class);
                    if (attributes.isRegularFile() && attributes.lastModifiedTime().toInstant().isBefore(cutoff)) {
                        found.add(blob.getFileName().toString());
                    }
                } catch (IOException vanished) {
                    // deleted since the listing
                }
            }
        } catch (IOException | DirectoryIteratorException e) {
            LOG.warnf("Blob sweep could not list %s: %s", shard, e.getMessage());
        }
        return found;
    }
}
