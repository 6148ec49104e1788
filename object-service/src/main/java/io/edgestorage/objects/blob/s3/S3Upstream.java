package io.edgestorage.objects.blob.s3;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.enterprise.util.TypeLiteral;

import org.jboss.logging.Logger;

import io.edgestorage.objects.Xml;
import io.edgestorage.objects.blob.BlobStoreUnavailableException;
import io.edgestorage.objects.blob.UniBridge;
import io.edgestorage.sigv4.RequestSigner;
import io.edgestorage.sigv4.SigV4;
import io.edgestorage.sigv4.UriEncoding;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemTrustOptions;

/**
 * The upstream S3 service as the blob store talks to it: requests signed with SigV4 ({@link RequestSigner}),
 * sent with one pooled Vert.x HTTP client, answers turned into the store's failures. Idempotent requests go
 * through {@link #call}: retried with back-off on a server or connection error while the {@link RetryBudget}
 * allows (SmallRye Fault Tolerance). Streamed uploads ({@link #upload}) are sent once: their bytes are gone.
 */
final class S3Upstream {

    private static final Logger LOG = Logger.getLogger(S3Upstream.class);
    static final String UNSIGNED = "UNSIGNED-PAYLOAD";
    private static final int SIGNED_BODY_LIMIT = 64 * 1024;
    private static final TypeLiteral<Uni<Answer>> ANSWER = new TypeLiteral<>() {
    };
    private static final TypeLiteral<Uni<HttpClientResponse>> RESPONSE = new TypeLiteral<>() {
    };

    /** A whole upstream answer. */
    record Answer(int status, MultiMap headers, Buffer body) {

        boolean ok() {
            return status / 100 == 2;
        }
    }

    private final S3StoreSettings settings;
    private final HttpClient client;
    private final Context context;
    private final RequestSigner signer;
    private final Clock clock;
    private final RetryBudget budget = new RetryBudget(0.1, 20);
    private final Guard guard;

    S3Upstream(Vertx vertx, S3StoreSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.signer = new RequestSigner(settings.accessKey(), settings.secretKey(), settings.region(), "s3");
        HttpClientOptions options = new HttpClientOptions().setSsl(settings.tls()).setVerifyHost(true)
                .setConnectTimeout((int) settings.connectTimeout().toMillis()).setTcpNoDelay(true)
                .setKeepAlive(true).setKeepAliveTimeout(30).setDecompressionSupported(false);
        settings.caFile().ifPresent(ca -> options.setTrustOptions(new PemTrustOptions().addCertPath(ca)));
        this.client = vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(settings.maxConnections()));
        this.context = vertx.getOrCreateContext();
        this.guard = Guard.create().withDescription("s3-blob-store")
                .withRetry().maxRetries(settings.maxRetries()).delay(50, ChronoUnit.MILLIS).jitter(25, ChronoUnit.MILLIS)
                .maxDuration(settings.requestTimeout().toMillis() * (settings.maxRetries() + 1L), ChronoUnit.MILLIS)
                .whenException(e -> e instanceof BlobStoreUnavailableException && budget.tryRetry())
                .beforeRetry(e -> LOG.debugf("retrying an upstream request after: %s", e.getMessage()))
                .done().build();
    }

    S3StoreSettings settings() {
        return settings;
    }

    /** The raw (encoded) path of an upstream key (null: the bucket): under the bucket in path style, the key alone otherwise. */
    String path(String key) {
        if (key == null) {
            return settings.pathStyle() ? "/" + settings.bucket() : "/";
        }
        String encoded = UriEncoding.encode(key, true);
        return settings.pathStyle() ? "/" + settings.bucket() + "/" + encoded : "/" + encoded;
    }

    /** The value of {@code x-amz-copy-source} for one of our keys. */
    String copySource(String key) {
        return "/" + settings.bucket() + "/" + UriEncoding.encode(key, true);
    }

    /** One idempotent request with a buffered body (or none), retried as the class says. */
    Uni<Answer> call(String method, String key, String query, Map<String, String> headers, Buffer body) {
        return guarded(() -> UniBridge.defer(() -> onContext(() -> exchange(method, key, query, headers, body))), ANSWER);
    }

    /** A GET whose body is left unread and paused, for the caller to stream; retried until an answer arrives. */
    Uni<HttpClientResponse> get(String key, Map<String, String> headers) {
        return guarded(() -> UniBridge.defer(() -> onContext(() -> send("GET", key, null, headers, SigV4.EMPTY_BODY_SHA256)
                .compose(request -> request.send().map(response -> {
                    response.pause();
                    return response;
                }))
                .recover(e -> Future.failedFuture(connectionFailure(e))))), RESPONSE);
    }

    /**
     * A request whose body the caller streams ({@code Content-Length} set here), unsigned as SDKs send
     * large bodies; sent once.
     */
    Future<HttpClientRequest> upload(String method, String key, String query, Map<String, String> headers,
            long length) {
        budget.onRequest();
        return onContext(() -> send(method, key, query, headers, UNSIGNED).map(request -> {
            request.putHeader("Content-Length", Long.toString(length));
            return request;
        }).recover(e -> Future.failedFuture(connectionFailure(e))));
    }

    /**
     * CompleteMultipartUpload of {@code key} with the parts' ETags in part order. S3 may answer 200 and still
     * carry an Error document: that is a failure too.
     */
    Uni<Void> completeMultipart(String key, String uploadQuery, List<String> etags) {
        Xml xml = Xml.plainDocument("CompleteMultipartUpload");
        for (int i = 0; i < etags.size(); i++) {
            xml.open("Part").element("PartNumber", i + 1).element("ETag", etags.get(i)).close("Part");
        }
        String what = "CompleteMultipartUpload " + key;
        return call("POST", key, uploadQuery, Map.of("content-type", "application/xml"),
                Buffer.buffer(xml.end("CompleteMultipartUpload"))).flatMap(answer -> {
                    if (!answer.ok()) {
                        return Uni.createFrom().failure(failure(answer, what));
                    }
                    if ("Error".equals(UpstreamXml.parse(answer.body(), null).root())) {
                        return Uni.createFrom().failure(failure(new Answer(500, answer.headers(), answer.body()), what));
                    }
                    return Uni.createFrom().voidItem();
                });
    }

    /** Reads the rest of a response, as an answer. */
    static Future<Answer> answer(HttpClientResponse response) {
        Future<Buffer> body = response.body();
        response.resume(); // a GET's response waits paused for its reader
        return body.map(b -> new Answer(response.statusCode(), response.headers(), b));
    }

    /**
     * Vert.x hands a response's first body bytes to its reader right after the headers: a request started off
     * every Vert.x context (a caller's own thread, Fault Tolerance's retry timer) can attach its reader too late
     * and lose them. Such requests start on this upstream's own context instead.
     */
    private <T> Future<T> onContext(Supplier<Future<T>> start) {
        if (Vertx.currentContext() != null) {
            return start.get();
        }
        Promise<T> started = Promise.promise();
        context.runOnContext(ignored -> start.get().onComplete(started));
        return started.future();
    }

    private <T> Uni<T> guarded(Supplier<Uni<T>> attempt, TypeLiteral<Uni<T>> type) {
        return guard.get(() -> {
            budget.onRequest();
            return attempt.get();
        }, type);
    }

    private Future<Answer> exchange(String method, String key, String query, Map<String, String> headers,
            Buffer body) {
        Buffer payload = body == null ? Buffer.buffer() : body;
        // Hashing a part of megabytes would hold the event loop; SDKs send large bodies unsigned too.
        String hash = payload.length() == 0 ? SigV4.EMPTY_BODY_SHA256
                : payload.length() > SIGNED_BODY_LIMIT ? UNSIGNED : SigV4.sha256Hex(payload.getBytes());
        return send(method, key, query, headers, hash)
                .compose(request -> {
                    if (payload.length() > 0 || "PUT".equals(method) || "POST".equals(method)) {
                        // Ceph refuses a PUT without a length (UploadPartCopy), even of nothing
                        request.putHeader("Content-Length", Integer.toString(payload.length()));
                    }
                    return payload.length() > 0 ? request.send(payload) : request.send();
                })
                .compose(S3Upstream::answer)
                .recover(e -> Future.failedFuture(connectionFailure(e)))
                .compose(a -> a.status() >= 500 || a.status() == 429
                        ? Future.failedFuture(failure(a, method + " " + path(key)))
                        : Future.succeededFuture(a));
    }

    private Future<HttpClientRequest> send(String method, String key, String query, Map<String, String> extra,
            String payloadHash) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        String path = path(key);
        Map<String, String> headers = new LinkedHashMap<>(extra);
        headers.put("host", settings.authority());
        headers.put("x-amz-date", SigV4.formatAmzDate(now));
        headers.put("x-amz-content-sha256", payloadHash);
        String authorization = signer.authorization(method, path, query, headers, payloadHash, now);
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.valueOf(method))
                .setHost(settings.host()).setPort(settings.port()).setSsl(settings.tls())
                .setURI(query == null || query.isEmpty() ? path : path + "?" + query)
                .setIdleTimeout(settings.requestTimeout().toMillis());
        return client.request(options).map(request -> {
            headers.forEach(request::putHeader);
            request.putHeader("Authorization", authorization);
            return request;
        });
    }

    /**
     * The store's failure for an answer that is not a success: throttling and server errors are
     * {@link BlobStoreUnavailableException} (retried, then ServiceUnavailable or SlowDown); anything else
     * (AccessDenied, NoSuchBucket: a misconfigured store) an {@link IllegalStateException}, InternalError.
     */
    static RuntimeException failure(Answer answer, String what) {
        String code = null;
        String message = null;
        if (answer.body() != null && answer.body().length() > 0) {
            try {
                UpstreamXml.Document error = UpstreamXml.parse(answer.body(), null);
                code = error.field("Code");
                message = error.field("Message");
            } catch (IllegalStateException notXml) {
                // a proxy's HTML page: the status says enough
            }
        }
        String detail = what + " answered " + answer.status() + (code == null ? "" : " " + code)
                + (message == null ? "" : ": " + message);
        boolean throttled = answer.status() == 429 || "SlowDown".equals(code);
        if (throttled || answer.status() >= 500) {
            return new BlobStoreUnavailableException("the blob store's upstream " + detail, throttled, null);
        }
        return new IllegalStateException("the blob store's upstream refused: " + detail);
    }

    static Throwable connectionFailure(Throwable e) {
        if (e instanceof BlobStoreUnavailableException || e instanceof IllegalStateException) {
            return e;
        }
        return new BlobStoreUnavailableException("the blob store's upstream cannot be reached: " + e, false, e);
    }

    void close() {
        client.close();
    }
}
