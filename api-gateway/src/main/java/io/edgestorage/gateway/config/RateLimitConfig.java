package io.edgestorage.gateway.config;

import io.smallrye.config.ConfigMapping;

/** The per-account token bucket ({@code EDGE_RATE_LIMIT_*}; defaults beside them in application.properties). */
@ConfigMapping(prefix = "edge.rate-limit")
public interface RateLimitConfig {

    boolean enabled();

    /** Burst size: requests an idle account may send at once. */
    int capacity();

    /** Sustained requests per second per account. */
    double refillPerSecond();
}
