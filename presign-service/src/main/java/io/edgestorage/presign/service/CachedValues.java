package io.edgestorage.presign.service;

import java.util.concurrent.CompletableFuture;

import io.quarkus.cache.Cache;
import io.quarkus.cache.CaffeineCache;

/**
 * The hot path of presigning is two cache hits. {@link Cache#getAsync} answers even a hit through an
 * extra event-loop task (it re-emits on the caller's Vert.x context) and captures the request context on
 * the way; reading the Caffeine entry directly answers a hit at once. Misses and loads still go through
 * {@code getAsync}, so concurrent misses share one upstream call.
 */
final class CachedValues {

    private CachedValues() {
    }

    /** The value cached under {@code key} if it is already loaded, otherwise null. */
    @SuppressWarnings("unchecked")
    static <V> V present(Cache cache, Object key) {
        CompletableFuture<Object> entry = cache.as(CaffeineCache.class).getIfPresent(key);
        if (entry == null || !entry.isDone() || entry.isCompletedExceptionally()) {
            return null;
        }
        return (V) entry.getNow(null);
    }
}
