package io.edgestorage.gateway.client;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/** An upstream's whole answer: status, headers and the (small) body, read to the end. */
public record UpstreamResponse(int statusCode, MultiMap headers, Buffer body) {
}
