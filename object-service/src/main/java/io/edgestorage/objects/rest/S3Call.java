package io.edgestorage.objects.rest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.edgestorage.common.web.RequestIdFilter;
import io.edgestorage.objects.CorsRule;
import io.edgestorage.objects.service.AuthContext;
import io.edgestorage.objects.service.BodyLimits;
import io.edgestorage.objects.service.TransferGuard;
import io.edgestorage.sigv4.UriEncoding;
import io.netty.handler.codec.http.QueryStringDecoder;
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
    final VertxRequestView view;
    /** The query's decoded parameters, made on first use: a GET needs only the names. */
    private MultiMap params;
    private List<String> paramNames;
    AuthContext auth;
    /** The CORS rule matching this request's Origin and method, if any. */
    CorsRule corsRule;
    /** How slowly the client may send the body ({@code edge.s3.body-*}); set by the router. */
    BodyLimits bodyLimits;
    /** Watches the signer's key during long transfers; set once the request is authenticated. */
    TransferGuard.Watch credentialWatch = TransferGuard.Watch.NONE;

    private S3Call(RoutingContext rc, String bucket, String key) {
        this.rc = rc;
        this.request = rc.request();
        this.response = rc.response();
        this.requestId = RequestIdFilter.of(rc);
        this.bucket = bucket;
        this.key = key;
        this.view = new VertxRequestView(request);
    }

    /** Path-style {@code /bucket/key}, or virtual-host style when the Host is {@code <bucket>.<domain>}. */
    static S3Call of(RoutingContext rc, Optional<String> domain) {
        String path = rc.request().path();
        UriSyntax.requireDecodable(path);
        UriSyntax.requireDecodable(rc.request().query());
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

    /** A request whose URI could not be read: no bucket or key, just enough to answer it with an S3 error. */
    static S3Call unaddressed(RoutingContext rc) {
        return new S3Call(rc, null, null);
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

    /**
     * True when the key, a query parameter (prefix, markers, …) or the copy source holds U+0000. In the raw
     * query and the copy-source header it can only arrive as {@code %00}.
     */
    boolean carriesNul() {
        String query = request.query();
        String copySource = request.getHeader("x-amz-copy-source");
        return (key != null && key.indexOf('\u0000') >= 0)
                || (query != null && query.contains("%00"))
                || (copySource != null && copySource.contains("%00"));
    }

    String method() {
        return request.method().name();
    }

    /** True when the query names the parameter, in this exact case as S3 matches them ({@code ?UPLOADS} is not {@code ?uploads}). */
    boolean has(String param) {
        for (String name : paramNames()) {
            if (name.equals(param)) {
                return true;
            }
        }
        return false;
    }

    String param(String name) {
        if (params == null) {
            params = request.params();
        }
        return params.get(name);
    }

    /** The names of the query's parameters, in order (sub-resources such as {@code acl} are names). */
    List<String> paramNames() {
        if (paramNames == null) {
            paramNames = parameterNames(request.query());
        }
        return paramNames;
    }

    /**
     * The parameter names of a raw query, split as Vert.x splits it ({@code &} and {@code ;}) and decoded
     * only when percent- or plus-encoded: reading only the names spares a presigned GET decoding every
     * signature value a second time (the sigv4 module reads them itself).
     */
    static List<String> parameterNames(String query) {
        if (query == null || query.isEmpty()) {
            return List.of();
        }
        List<String> names = new ArrayList<>(8);
        int start = 0;
        int length = query.length();
        while (start <= length) {
            int end = start;
            while (end < length && query.charAt(end) != '&' && query.charAt(end) != ';') {
                end++;
            }
            int nameEnd = query.indexOf('=', start);
            if (nameEnd < 0 || nameEnd > end) {
                nameEnd = end;
            }
            if (nameEnd > start) {
                String name = query.substring(start, nameEnd);
                names.add(name.indexOf('%') >= 0 || name.indexOf('+') >= 0
                        ? QueryStringDecoder.decodeComponent(name, StandardCharsets.UTF_8) : name);
            }
            start = end + 1;
        }
        return names;
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
