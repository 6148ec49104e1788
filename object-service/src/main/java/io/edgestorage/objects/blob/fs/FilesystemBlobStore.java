package io.edgestorage.objects.blob.fs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import org.jboss.logging.Logger;

import io.edgestorage.objects.blob.BlobStore;
import io.netty.buffer.PooledByteBufAllocator;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * One file per blob under {@code <dir>/<first two hex digits>/<id>}. Files are written through coalescing
 * buffers, one {@code FileChannel} write per buffer on a worker ({@link CoalescingFileWrite}), fsynced on
 * commit (unless turned off), served with sendfile.
 */
public final class FilesystemBlobStore implements BlobStore {

    private static final Logger LOG = Logger.getLogger(FilesystemBlobStore.class);

    private final Vertx vertx;
    private final Path root;
    private final boolean fsync;
    private final int writeBufferSize;
    /** Null when replaced blobs are deleted at once (no grace period). */
    private final DelayedDeletes delayedDeletes;

    /**
     * @param fsync           whether a blob reaches stable storage before its metadata is committed; off
     *                        only where losing the last seconds of uploads in a power cut is acceptable
     *                        (benchmarks against stores that never fsync)
     * @param writeBufferSize bytes gathered before each file write (at most about three such buffers per
     *                        upload in memory)
     */
    public FilesystemBlobStore(Vertx vertx, Path root, Duration deleteDelay, boolean fsync, int writeBufferSize) {
        if (writeBufferSize < 4096) {
            throw new IllegalArgumentException("the write buffer must hold at least 4 KiB");
        }
        this.vertx = vertx;
        this.root = root.toAbsolutePath().normalize();
        this.fsync = fsync;
        this.writeBufferSize = writeBufferSize;
        if (deleteDelay.isZero()) {
            this.delayedDeletes = null;
        } else {
            this.delayedDeletes = new DelayedDeletes(deleteDelay.toNanos());
            // A tick of a tenth of the grace period (at most 1 s): a blob outlives its grace period by that much.
            vertx.setPeriodic(Math.max(1, Math.min(1000, deleteDelay.toMillis() / 10)), t -> deleteDue());
        }
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
    public Future<BlobWrite> create(long expectedSize) {
        String id = newId();
        return Future.succeededFuture(new CoalescingFileWrite(vertx.getOrCreateContext(), PooledByteBufAllocator.DEFAULT,
                id, path(id), writeBufferSize, expectedSize, fsync));
    }

    @Override
    public Future<Void> send(HttpServerResponse response, String blobId, long blobSize, long offset, long length) {
        if (length == 0) {
            return response.end();
        }
        return response.sendFile(path(blobId).toString(), offset, length);
    }

    @Override
    public Future<Buffer> readAll(String blobId) {
        return vertx.fileSystem().readFile(path(blobId).toString());
    }

    @Override
    public Uni<Composed> compose(List<Segment> segments) {
        return Uni.createFrom().completionStage(() -> vertx.<Composed>executeBlocking(() -> composeBlocking(segments), false)
                .toCompletionStage());
    }

    private Composed composeBlocking(List<Segment> segments) throws IOException {
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
        return new Composed(id, total, HexFormat.of().formatHex(md5.digest()));
    }

    @Override
    public Future<Void> delete(String blobId) {
        return vertx.fileSystem().delete(path(blobId).toString()).recover(e -> Future.succeededFuture());
    }

    @Override
    public void deleteLater(String blobId) {
        if (delayedDeletes == null) {
            delete(blobId);
            return;
        }
        delayedDeletes.add(blobId, System.nanoTime());
    }

    /** One worker task for every blob whose grace period is over (see {@link DelayedDeletes}). */
    private void deleteDue() {
        List<String> due = delayedDeletes.takeDue(System.nanoTime());
        if (due.isEmpty()) {
            return;
        }
        vertx.executeBlocking(() -> {
            for (String id : due) {
                try {
                    Files.deleteIfExists(path(id));
                } catch (IOException e) {
                    LOG.warnf("Could not delete blob %s (the sweeper will): %s", id, e.getMessage());
                }
            }
            return null;
        }, false);
    }

    @Override
    public int sweep(Duration minAge, Function<List<String>, Set<String>> referenced) {
        List<String> candidates = blobsOlderThan(Instant.now().minus(minAge));
        if (candidates == null) {
            return 0;
        }
        int deleted = 0;
        for (int i = 0; i < candidates.size(); i += 500) {
            List<String> batch = candidates.subList(i, Math.min(candidates.size(), i + 500));
            Set<String> keep = referenced.apply(batch);
            for (String id : batch) {
                if (!keep.contains(id)) {
                    try {
                        if (Files.deleteIfExists(path(id))) {
                            deleted++;
                        }
                    } catch (IOException | IllegalArgumentException e) {
                        LOG.warnf("Blob sweep could not delete %s: %s", id, e.getMessage());
                    }
                }
            }
        }
        return deleted;
    }

    /**
     * The ids of blob files last modified before {@code cutoff}, or null when the store cannot be listed. Blobs
     * are deleted while this runs (grace-period deletes, other replicas on the same volume): one that vanishes
     * between the listing and the look at its age is passed over. ({@code Files.walk} threw an unchecked
     * NoSuchFileException for it, which ended the whole sweep.)
     */
    private List<String> blobsOlderThan(Instant cutoff) {
        List<String> found = new ArrayList<>();
        try (DirectoryStream<Path> shards = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path shard : shards) {
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
            }
        } catch (IOException | DirectoryIteratorException e) {
            LOG.warnf("Blob sweep could not list %s: %s", root, e.getMessage());
            return null;
        }
        return found;
    }
}
