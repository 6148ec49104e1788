package io.edgestorage.gateway.client;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import io.edgestorage.gateway.Upstream;
import io.edgestorage.gateway.config.GatewayConfig;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.MultiMap;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;

/**
 * Sends one request to an upstream with the non-blocking Vert.x WebClient, guarded per upstream by a
 * SmallRye Fault Tolerance timeout and circuit breaker. GET and HEAD are retried (a failed connection or a
 * timeout cannot have changed anything); other methods never are. A 5xx answer counts as a failure for the
 * breaker but is still handed back so the caller can relay the upstream's problem document.
 */
@ApplicationScoped
public class UpstreamProxy {

    private static final TypeLiteral<Uni<HttpResponse<Buffer>>> RESPONSE = new TypeLiteral<>() {
    };
    private static final Set<HttpMethod> RETRYABLE = Set.of(HttpMethod.GET, HttpMethod.HEAD);

    private final WebClient client;
    private final Map<Upstream, String> baseUrls = new EnumMap<>(Upstream.class);
    private final Map<Upstream, Guard> guards = new EnumMap<>(Upstream.class);
    private final GatewayConfig config;

    public UpstreamProxy(Vertx vertx, GatewayConfig config,
            @ConfigProperty(name = "edge.upstream.presign-service") String presignService,
            @ConfigProperty(name = "edge.upstream.object-service") String objectService,
            @ConfigProperty(name = "edge.upstream.key-service") String keyService) {
        this.config = config;
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, config.upstreamTimeout().toMillis()))
                .setKeepAlive(true).setMaxPoolSize(64).setFollowRedirects(false).setDecompressionSupported(false)
                .setUserAgentEnabled(false));
        baseUrls.put(Upstream.PRESIGN_SERVICE, stripSlash(presignService));
        baseUrls.put(Upstream.OBJECT_SERVICE, stripSlash(objectService));
        baseUrls.put(Upstream.KEY_SERVICE, stripSlash(keyService));
        for (Upstream upstream : Upstream.values()) {
            guards.put(upstream, guard(upstream, config));
        }
    }

    private static Guard guard(Upstream upstream, GatewayConfig config) {
        Duration timeout = config.upstreamTimeout();
        return Guard.create().withDescription("gateway→" + upstream.configName())
                .withTimeout().duration(timeout.toMillis(), ChronoUnit.MILLIS).done()
                .withCircuitBreaker().name("gateway-" + upstream.configName())
                .requestVolumeThreshold(config.circuitBreaker().requestVolumeThreshold())
                .failureRatio(config.circuitBreaker().failureRatio())
                .delay(config.circuitBreaker().delay().toMillis(), ChronoUnit.MILLIS)
                .done()
                .withThreadOffload(false)
                .build();
    }

    /**
     * @param pathAndQuery e.g. {@code /internal/v1/buckets?x=1}
     * @param headers      sent as given (the caller adds the internal credential and account)
     * @return the upstream's answer (any status), or a failure {@link UpstreamUnavailableException}
     */
    public Uni<HttpResponse<Buffer>> send(Upstream upstream, HttpMethod method, String pathAndQuery,
            MultiMap headers, Buffer body) {
        Guard guard = guards.get(upstream);
        Uni<HttpResponse<Buffer>> guarded = guard.get(() -> attempt(upstream, method, pathAndQuery, headers, body),
                RESPONSE);
        if (RETRYABLE.contains(method) && config.idempotentRetries() > 0) {
            guarded = guarded.onFailure(e -> !(e instanceof CircuitBreakerOpenException) && !(e instanceof Upstream5xx))
                    .retry().withBackOff(Duration.ofMillis(50), Duration.ofMillis(200))
                    .atMost(config.idempotentRetries());
        }
        return guarded.onFailure(Upstream5xx.class).recoverWithItem(e -> ((Upstream5xx) e).response)
                .onFailure(e -> !(e instanceof UpstreamUnavailableException))
                .transform(e -> new UpstreamUnavailableException(upstream, e instanceof CircuitBreakerOpenException, e));
    }

    private Uni<HttpResponse<Buffer>> attempt(Upstream upstream, HttpMethod method, String pathAndQuery,
            MultiMap headers, Buffer body) {
        HttpRequest<Buffer> request = client.requestAbs(method, baseUrls.get(upstream) + pathAndQuery)
                .timeout(config.upstreamTimeout().toMillis());
        request.headers().addAll(headers);
        Uni<HttpResponse<Buffer>> sent = body == null || body.length() == 0 ? request.send()
                : request.sendBuffer(body);
        return sent.onItem().transformToUni(response -> response.statusCode() >= 500
                ? Uni.createFrom().failure(new Upstream5xx(response))
                : Uni.createFrom().item(response));
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** Carries a 5xx answer through the breaker as a failure. */
    private static final class Upstream5xx extends RuntimeException {
        final transient HttpResponse<Buffer> response;

        Upstream5xx(HttpResponse<Buffer> response) {
            super("upstream answered " + response.statusCode(), null, false, false);
            this.response = response;
        }
    }
}
