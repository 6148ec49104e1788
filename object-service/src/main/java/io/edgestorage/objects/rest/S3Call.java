package io.edgestorage.objects.rest;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.edgestorage.common.web.RequestIdFilter;
import io.edgestorage.objects.CorsRule;
import io.edgestorage.objects.service.AuthContext;
import io.edgestorage.sigv4.UriEncoding;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/** One S3 request on its way through the data plane: addressing, auth and CORS state. */
public final class S3Call {

    final RoutingContext rc;
    final HttpServerRequest request;
    final HttpServerResponse response;
    final String requestId;
    /** The bucket addressed, or null for the service (ListBuckets). */
    final String bucket;
    /** The decoded object key, or null for bucket operations. */
    final String key;
    final MultiMap params;
    final VertxRequestView view;
    AuthContext auth;
    /** The CORS rule matching this request's Origin and method, if any. */
    CorsRule corsRule;

    private S3Call(RoutingContext rc, String bucket, String key) {
        this.rc = rc;
        this.request = rc.request();
        this.response = rc.response();
        this.requestId = RequestIdFilter.of(rc);
        this.bucket = bucket;
        this.key = key;
        this.params = request.params();
        this.view = new VertxRequestView(request);
    }

    /** Path-style {@code /bucket/key}, or virtual-host style when the Host is {@code <bucket>.<domain>}. */
    static S3Call of(RoutingContext rc, Optional<String> domain) {
        String path = rc.request().path();
        if (path == null || path.isEmpty()) {
            path = "/";
        }
        String hostBucket = domain.flatMap(d -> bucketFromHost(rc.request().getHeader("host"), d)).orElse(null);
        if (hostBucket != null) {
            String key = path.length() > 1 ? UriEncoding.decode(path.substring(1), false) : null;
            return new S3Call(rc, hostBucket, key);
        }
        String rest = path.substring(1);
        if (rest.isEmpty()) {
            return new S3Call(rc, null, null);
        }
        int slash = rest.indexOf('/');
        if (slash < 0) {
            return new S3Call(rc, UriEncoding.decode(rest, false), null);
        }
        String bucket = UriEncoding.decode(rest.substring(0, slash), false);
        String key = rest.substring(slash + 1);
        return new S3Call(rc, bucket, key.isEmpty() ? null : UriEncoding.decode(key, false));
    }

    static Optional<String> bucketFromHost(String host, String domain) {
        if (host == null || domain.isBlank()) {
            return Optional.empty();
        }
        String h = host.toLowerCase(Locale.ROOT);
        int colon = h.lastIndexOf(':');
        if (colon > 0 && h.indexOf(']') < colon) {
            h = h.substring(0, colon);
        }
        String suffix = "." + domain.toLowerCase(Locale.ROOT);
        if (h.endsWith(suffix) && h.length() > suffix.length()) {
            return Optional.of(h.substring(0, h.length() - suffix.length()));
        }
        return Optional.empty();
    }

    String method() {
        return request.method().name();
    }

    boolean has(String param) {
        return params.contains(param);
    }

    String param(String name) {
        return params.get(name);
    }

    String header(String name) {
        return request.getHeader(name);
    }

    /** The resource for error documents: {@code /bucket/key}. */
    String resource() {
        if (bucket == null) {
            return "/";
        }
        return key == null ? "/" + bucket : "/" + bucket + "/" + key;
    }

    /** True when the request announces no body (no Transfer-Encoding, Content-Length absent or 0). */
    boolean bodyless() {
        String length = request.getHeader("Content-Length");
        return request.getHeader("Transfer-Encoding") == null && (length == null || length.trim().equals("0"));
    }

    /** Lets a paused body-less request finish, so the connection can serve the next request. */
    void releaseIfBodyless() {
        if (!request.isEnded() && bodyless()) {
            request.resume();
        }
    }

    int keyBytes() {
        return key == null ? 0 : key.getBytes(StandardCharsets.UTF_8).length;
    }

    List<String> headerNames() {
        return List.copyOf(view.headerNames());
    }
}
