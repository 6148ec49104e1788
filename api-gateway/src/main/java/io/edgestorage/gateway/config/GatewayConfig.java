package io.edgestorage.gateway.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How the gateway talks to its upstreams. A setting with an environment variable of its own has its default
 * beside that variable in application.properties; the others have theirs here.
 */
@ConfigMapping(prefix = "edge.gateway")
public interface GatewayConfig {

    /** Largest request body proxied ({@code EDGE_GATEWAY_MAX_BODY}); larger is 413. */
    long maxBodyBytes();

    /** Per attempt, connection and answer together ({@code EDGE_GATEWAY_UPSTREAM_TIMEOUT}). */
    Duration upstreamTimeout();

    /** Keep-alive HTTP/1.1 connections to each upstream, per event loop ({@code EventLoopClients}). */
    @WithDefault("64")
    int maxConnectionsPerUpstream();

    /**
     * Requests in flight at once on one presign-service connection (HTTP/1.1 pipelining; 1 turns it off).
     * Presigns are small and mostly answered from memory, so letting one write and one read carry several
     * of them saves most of the hop's syscalls; the management upstreams are not pipelined, as one slow
     * statement would hold up every call queued behind it on the connection.
     */
    @WithDefault("8")
    int presignPipeliningLimit();

    /** Extra attempts of a retry-safe call (GET, HEAD, presign) after a connection failure or timeout. */
    @WithDefault("2")
    int idempotentRetries();

    CircuitBreaker circuitBreaker();

    /** Introspected platform tokens remembered as principals ({@code PrincipalCache}). */
    TokenCache tokenCache();

    interface TokenCache {
        /** {@code EDGE_GATEWAY_TOKEN_CACHE_TTL}: how long one introspection verdict is trusted. */
        Duration timeToLive();

        /** {@code EDGE_GATEWAY_TOKEN_CACHE_SIZE}: tokens remembered at most. */
        long maxSize();

        /**
         * {@code EDGE_GATEWAY_TOKEN_CACHE_NEGATIVE_TTL}: how long a token key-service called inactive is
         * refused without asking again ({@code RefusedTokens}); also the longest it can hide a valid token.
         */
        @WithDefault("5S")
        Duration negativeTtl();

        /** {@code EDGE_GATEWAY_TOKEN_CACHE_NEGATIVE_SIZE}: refused tokens remembered at most. */
        @WithDefault("10000")
        long negativeSize();
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
