package io.edgestorage.common.web;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;

/**
 * Answers plain-HTTP requests over HTTP/1.1 even when they offer an upgrade to cleartext HTTP/2
 * ({@code Upgrade: h2c}). Java's {@code HttpClient} (and {@code curl --http2}) offer it by default, and
 * Vert.x fails an upgraded request that carries a body (a presigned PUT) with a protocol error. S3 never
 * spoke h2c either; clients fall back to HTTP/1.1 when the offer is ignored. HTTP/2 over TLS is
 * unaffected.
 */
@ApplicationScoped
public class NoCleartextHttp2Upgrade implements HttpServerOptionsCustomizer {

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        options.setHttp2ClearTextEnabled(false);
    }
}
