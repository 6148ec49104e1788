package io.edgestorage.gateway.client;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import io.edgestorage.gateway.Upstream;
import io.edgestorage.gateway.config.GatewayConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Sends one request to an upstream with the Vert.x core {@link HttpClient} (keep-alive HTTP/1.1 pool,
 * plain Vert.x futures: no Mutiny operators, no context capture, no thread hops on the hot path), behind
 * a per-upstream {@link UpstreamGuard} (SmallRye Fault Tolerance circuit breaker) and a connect + idle
 * timeout per attempt. A retry-safe call ({@code Route#retrySafe}) is sent again after a failed connection
 * or a timeout; others never are. A 502, 503 or 504 answer counts as a failure for the breaker (a 500 does
 * not, see {@link UpstreamGuard}) but is handed back so its problem document can be relayed. The circuit's state is the gauge
 * {@code edge_gateway_circuit_open{upstream}} (1 = open).
 * <p>
 * Presigns go through a client of their own that pipelines ({@link GatewayConfig#presignPipeliningLimit})
 * and consolidates flushes: the requests written to one connection during an event-loop turn leave in one
 * {@code write(2)}, and presign-service answers a batch it read together with one write too.
 */
@ApplicationScoped
public class UpstreamProxy {

    private static final long RETRY_BACKOFF_MS = 50;
    /** Name of the flush-consolidating handler in a pipelined connection's Netty pipeline. */
    static final String FLUSH_CONSOLIDATION = "edge-flush-consolidation";

    private final Vertx vertx;
    private final Map<Upstream, Target> targets = new EnumMap<>(Upstream.class);
    private final Duration timeout;
    private final int idempotentRetries;

    /** Where an upstream lives, the clients that reach it and its breaker. */
    private record Target(String host, int port, boolean tls, EventLoopClients clients, UpstreamGuard guard) {
    }

    public UpstreamProxy(Vertx vertx, GatewayConfig config, MeterRegistry registry,
            @ConfigProperty(name = "edge.upstream.presign-service") String presignService,
            @ConfigProperty(name = "edge.upstream.object-service") String objectService,
            @ConfigProperty(name = "edge.upstream.key-service") String keyService) {
        this.vertx = vertx;
        this.timeout = config.upstreamTimeout();
        this.idempotentRetries = config.idempotentRetries();
        PoolOptions pool = new PoolOptions().setHttp1MaxSize(config.maxConnectionsPerUpstream());
        EventLoopClients plain = new EventLoopClients(() -> vertx.createHttpClient(clientOptions(1), pool));
        EventLoopClients pipelined = config.presignPipeliningLimit() <= 1 ? plain
                : new EventLoopClients(() -> vertx.httpClientBuilder().with(clientOptions(config.presignPipeliningLimit()))
                        .with(pool).withConnectHandler(UpstreamProxy::consolidateFlushes).build());
        Map<Upstream, String> urls = Map.of(Upstream.PRESIGN_SERVICE, presignService,
                Upstream.OBJECT_SERVICE, objectService, Upstream.KEY_SERVICE, keyService);
        for (Upstream upstream : Upstream.values()) {
            java.net.URI uri = java.net.URI.create(urls.get(upstream));
            boolean tls = "https".equals(uri.getScheme());
            UpstreamGuard guard = new UpstreamGuard(upstream.configName(), config.circuitBreaker());
            targets.put(upstream, new Target(uri.getHost(), uri.getPort() != -1 ? uri.getPort() : tls ? 443 : 80,
                    tls, upstream == Upstream.PRESIGN_SERVICE ? pipelined : plain, guard));
            Gauge.builder("edge.gateway.circuit.open", guard, g -> g.state() == CircuitBreakerState.OPEN ? 1 : 0)
                    .tag("upstream", upstream.configName()).description("1 while the upstream's circuit is open")
                    .register(registry);
        }
    }

    private static HttpClientOptions clientOptions(int pipeliningLimit) {
        return new HttpClientOptions().setKeepAlive(true).setPipelining(pipeliningLimit > 1)
                .setPipeliningLimit(Math.max(pipeliningLimit, 1)).setDecompressionSupported(false)
                .setMaxInitialLineLength(8192);
    }

    /**
     * Pipelining alone saved nothing: each request still left in its own write. Netty's
     * {@link FlushConsolidationHandler} defers a flush to the end of the event-loop turn (or the 256th
     * flush), so the requests queued on the connection in one turn go out together. The handler needs the
     * connection's Netty pipeline, which Vert.x exposes only on its {@link ConnectionBase}; without it the
     * connection simply flushes per request.
     */
    static void consolidateFlushes(HttpConnection connection) {
        if (connection instanceof ConnectionBase base) {
            base.channelHandlerContext().pipeline().addFirst(FLUSH_CONSOLIDATION, new FlushConsolidationHandler(256, true));
        }
    }

    /**
     * @param pathAndQuery e.g. {@code /internal/v1/buckets?x=1}
     * @param headers      sent as given (the caller adds the internal credential and account)
     * @param retrySafe    whether a failed attempt may be sent again ({@code Route#retrySafe})
     * @return the upstream's answer (any status), or a failed future with {@link UpstreamUnavailableException}
     */
    public Future<UpstreamResponse> send(Upstream upstream, HttpMethod method, String pathAndQuery, MultiMap headers,
            Buffer body, boolean retrySafe) {
        Promise<UpstreamResponse> result = Promise.promise();
        int retries = retrySafe ? idempotentRetries : 0;
        attempt(upstream, method, pathAndQuery, headers, body, retries, result);
        return result.future();
    }

    private void attempt(Upstream upstream, HttpMethod method, String pathAndQuery, MultiMap headers, Buffer body,
            int retriesLeft, Promise<UpstreamResponse> result) {
        Target target = targets.get(upstream);
        RequestOptions options = new RequestOptions().setMethod(method).setHost(target.host()).setPort(target.port())
                .setSsl(target.tls()).setURI(pathAndQuery).setHeaders(headers)
                .setConnectTimeout(timeout.toMillis()).setIdleTimeout(timeout.toMillis());
        target.guard().call(() -> target.clients().current().request(options)
                .compose(request -> body == null || body.length() == 0 ? request.send() : request.send(body))
                .compose(response -> response.body()
                        .map(payload -> new UpstreamResponse(response.statusCode(), response.headers(), payload))),
                (response, failure) -> {
                    if (failure == null) {
                        result.complete(response);
                    } else if (failure instanceof CircuitBreakerOpenException) {
                        result.fail(new UpstreamUnavailableException(upstream, true, null));
                    } else if (retriesLeft > 0) {
                        vertx.setTimer(RETRY_BACKOFF_MS * (idempotentRetries - retriesLeft + 1), id ->
                                attempt(upstream, method, pathAndQuery, headers, body, retriesLeft - 1, result));
                    } else {
                        result.fail(new UpstreamUnavailableException(upstream, false, failure));
                    }
                });
    }
}
