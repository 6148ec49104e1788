package io.edgestorage.objects.s3;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.edgestorage.common.grants.GrantPolicy;
import io.edgestorage.common.web.RequestIdFilter;
import io.edgestorage.objects.CorsRule;
import io.edgestorage.objects.auth.AuthContext;
import io.edgestorage.objects.auth.TransferGuard;
import io.edgestorage.objects.body.BodyLimits;
import io.edgestorage.objects.body.BodyRequest;
import io.edgestorage.objects.s3.semantics.UriSyntax;
import io.edgestorage.sigv4.UriEncoding;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/** One S3 request on its way through the data plane: addressing, auth and CORS state. */
public final class S3Call implements BodyRequest {

    final RoutingContext rc;
    final HttpServerRequest request;
    final HttpServerResponse response;
    final String requestId;
    /** The bucket addressed, or null for the service (ListBuckets). */
    final String bucket;
    /** The decoded object key, or null for bucket operations. */
    final String key;
    /** The bucket named by the Host header (virtual-host style), or null for a path-style request. */
    final String hostBucket;
    final VertxRequestView view;
    private S3Query query;
    AuthContext auth;
    /** The CORS rule matching this request's Origin and method, if any. */
    CorsRule corsRule;
    /** How slowly the client may send the body ({@code edge.s3.body-*}); set by the router. */
    BodyLimits bodyLimits;
    /** Watches the signer's key during long transfers; set once the request is authenticated. */
    TransferGuard.Watch credentialWatch = TransferGuard.Watch.NONE;
    /** The grant the signed query carries, or null; read before authentication. */
    GrantPolicy grant;
    /** Whether this request took one of its grant's uses, to give back if it fails. */
    boolean useTaken;

    private S3Call(RoutingContext rc, String hostBucket, String bucket, String key) {
        this.rc = rc;
        this.request = rc.request();
        this.response = rc.response();
        this.requestId = RequestIdFilter.of(rc);
        this.hostBucket = hostBucket;
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
            return new S3Call(rc, hostBucket, hostBucket, key);
        }
        String rest = path.substring(1);
        if (rest.isEmpty()) {
            return new S3Call(rc, null, null, null);
        }
        int slash = rest.indexOf('/');
        if (slash < 0) {
            return new S3Call(rc, null, UriEncoding.decode(rest, false), null);
        }
        String bucket = UriEncoding.decode(rest.substring(0, slash), false);
        String key = rest.substring(slash + 1);
        return new S3Call(rc, null, bucket, key.isEmpty() ? null : UriEncoding.decode(key, false));
    }

    /** A request whose URI could not be read: no bucket or key, just enough to answer it with an S3 error. */
    static S3Call unaddressed(RoutingContext rc) {
        return new S3Call(rc, null, null, null);
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

    /** The query as verified and dispatched on: one parse, shared with the signature check. */
    S3Query query() {
        if (query == null) {
            query = new S3Query(view.query());
        }
        return query;
    }

    /** True when the query names the parameter, in this exact case as S3 matches them ({@code ?UPLOADS} is not {@code ?uploads}). */
    boolean has(String param) {
        return query().has(param);
    }

    /** The parameter's decoded value, null when absent; InvalidArgument when it is given twice. */
    @Override
    public String param(String name) {
        return query().param(name);
    }

    /** The names of the query's parameters, in order (sub-resources such as {@code acl} are names). */
    List<String> paramNames() {
        return query().names();
    }

    @Override
    public String header(String name) {
        return request.getHeader(name);
    }

    @Override
    public HttpServerRequest request() {
        return request;
    }

    @Override
    public HttpServerResponse response() {
        return response;
    }

    @Override
    public Vertx vertx() {
        return rc.vertx();
    }

    @Override
    public AuthContext auth() {
        return auth;
    }

    @Override
    public BodyLimits bodyLimits() {
        return bodyLimits;
    }

    @Override
    public TransferGuard.Watch credentialWatch() {
        return credentialWatch;
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
