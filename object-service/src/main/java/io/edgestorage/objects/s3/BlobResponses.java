package io.edgestorage.objects.s3;

import java.util.Optional;

import io.edgestorage.objects.blob.BlobRead;
import io.smallrye.mutiny.vertx.MultiHelper;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.streams.ReadStream;

/**
 * Sends an opened blob range as the response body, the cheapest way its store offers: a file region with
 * sendfile (zero-copy), bytes in memory with one write, a Vert.x stream piped, anything else streamed with
 * back-pressure. The
 * status and headers (Content-Length among them) are set before.
 */
final class BlobResponses {

    private BlobResponses() {
    }

    static Future<Void> send(HttpServerResponse response, BlobRead read) {
        if (read.length() == 0) {
            return response.end();
        }
        Optional<BlobRead.FileRegion> region = read.fileRegion();
        if (region.isPresent()) {
            BlobRead.FileRegion file = region.get();
            return response.sendFile(file.file().toString(), file.offset(), file.length());
        }
        Optional<Buffer> bytes = read.inMemory();
        if (bytes.isPresent()) {
            return response.end(bytes.get());
        }
        Optional<ReadStream<Buffer>> stream = read.readStream();
        if (stream.isPresent()) {
            // As below: a stream that fails midway leaves the response unended, and the connection is closed.
            return stream.get().pipe().endOnFailure(false).to(response);
        }
        // A stream that fails midway is not ended: the router closes the connection, so the client sees a
        // body shorter than its Content-Length instead of a complete-looking one.
        return MultiHelper.toReadStream(read.content()).pipe().endOnFailure(false).to(response);
    }
}
