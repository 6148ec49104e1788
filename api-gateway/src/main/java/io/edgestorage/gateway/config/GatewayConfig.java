package io.edgestorage.gateway.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the gateway talks to its upstreams. */
@ConfigMapping(prefix = "edge.gateway")
public interface GatewayConfig {

    /** Largest request body proxied ({@code EDGE_GATEWAY_MAX_BODY}); larger is 413. */
    @WithDefault("262144")
    long maxBodyBytes();

    /** Per attempt, connection and answer together. */
    @WithDefault("5s")
    Duration upstreamTimeout();

    /** Keep-alive HTTP/1.1 connections to each upstream. */
    @WithDefault("64")
    int maxConnectionsPerUpstream();

    /** Extra attempts for GET/HEAD after a connection failure or timeout (never for other methods). */
    @WithDefault("2")
    int idempotentRetries();

    CircuitBreaker circuitBreaker();

    /** Introspected platform tokens remembered as principals ({@code PrincipalCache}). */
    TokenCache tokenCache();

    interface TokenCache {
        /** {@code EDGE_GATEWAY_TOKEN_CACHE_TTL}: how long one introspection verdict is trusted. */
        @WithDefault("30S")
        Duration timeToLive();

        /** {@code EDGE_GATEWAY_TOKEN_CACHE_SIZE}: tokens remembered at most. */
        @WithDefault("10000")
        long maxSize();
    }

    interface CircuitBreaker {
        /** Calls in the rolling window. */
        @WithDefault("20")
        int requestVolumeThreshold();

        @WithDefault("0.5")
        double failureRatio();

        /** How long the breaker stays open before letting a probe through. */
        @WithDefault("5s")
        Duration delay();
    }
}
