package io.edgestorage.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The per-account token bucket ({@code EDGE_RATE_LIMIT_*}). */
@ConfigMapping(prefix = "edge.rate-limit")
public interface RateLimitConfig {

    @WithDefault("true")
    boolean enabled();

    /** Burst size: requests an idle account may send at once. */
    @WithDefault("100")
    int capacity();

    /** Sustained requests per second per account. */
    @WithDefault("50")
    double refillPerSecond();
}
