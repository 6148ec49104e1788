package io.edgestorage.objects.blob;

import java.nio.file.Path;
import java.util.Optional;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * An opened range of a blob. Every store offers the bytes as a back-pressured stream; a store may also say
 * where they already are, so the S3 layer can send them without copying: a region of a local file
 * ({@link #fileRegion}, sent with sendfile), a buffer in memory ({@link #inMemory}, one write) or a Vert.x
 * stream ({@link #readStream}, piped).
 */
public interface BlobRead {

    /** Bytes in this range. */
    long length();

    /** The bytes, read as the subscriber requests them; fails if the blob ends before the range does. */
    Multi<Buffer> content();

    /** The whole range in one buffer; only for small ranges (the small-blob cache). */
    default Uni<Buffer> bytes() {
        return content().collect().in(Buffer::buffer, Buffer::appendBuffer);
    }

    /** Where the range lies in a local file, when it does. */
    default Optional<FileRegion> fileRegion() {
        return Optional.empty();
    }

    /** The range as a buffer already in memory, when it is. */
    default Optional<Buffer> inMemory() {
        return Optional.empty();
    }

    /**
     * The range as a Vert.x stream, when the store reads it from one (an upstream HTTP response): the S3 layer
     * pipes it to the client with no Mutiny operator per buffer. Read it or {@link #content()}, once.
     */
    default Optional<ReadStream<Buffer>> readStream() {
        return Optional.empty();
    }

    /** {@code length} bytes at {@code offset} of {@code file}. */
    record FileRegion(Path file, long offset, long length) {
    }

    /** A range offered only as a stream of {@code length} bytes (a store with no fast path). */
    static BlobRead streamed(long length, Multi<Buffer> content) {
        return new BlobRead() {
            @Override
            public long length() {
                return length;
            }

            @Override
            public Multi<Buffer> content() {
                return content;
            }
        };
    }

    /** A range held in memory. */
    static BlobRead of(Buffer bytes) {
        return new BlobRead() {
            @Override
            public long length() {
                return bytes.length();
            }

            @Override
            public Multi<Buffer> content() {
                return bytes.length() == 0 ? Multi.createFrom().empty() : Multi.createFrom().item(bytes);
            }

            @Override
            public Uni<Buffer> bytes() {
                return Uni.createFrom().item(bytes);
            }

            @Override
            public Optional<Buffer> inMemory() {
                return Optional.of(bytes);
            }
        };
    }

    /** Fails unless {@code [offset, offset + length)} lies inside a blob of {@code blobSize} bytes. */
    static void requireInside(String blobId, long blobSize, long offset, long length) {
        if (offset < 0 || length < 0 || offset > blobSize || length > blobSize - offset) {
            throw new BlobRangeException("bytes " + offset + "+" + length + " are not inside blob " + blobId
                    + " of " + blobSize + " bytes");
        }
    }
}
