package io.edgestorage.gateway.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.edgestorage.gateway.config.GatewayConfig;

/**
 * Tokens key-service just declared inactive (unknown, expired, revoked), remembered briefly so that a
 * caller repeating one does not cost a key-service call each time. Bounded in size and time
 * ({@code edge.gateway.token-cache.negative-ttl}, {@code negative-size}); an entry is written once per verdict and never extended,
 * so it hides a token for at most its TTL. Keyed by the token's SHA-256, never the token itself: the
 * cache holds no credential, not even a mistyped one.
 */
@ApplicationScoped
public class RefusedTokens {

    private final Cache<String, Boolean> entries;

    @Inject
    public RefusedTokens(GatewayConfig config) {
        this(config.tokenCache().negativeTtl(), config.tokenCache().negativeSize());
    }

    RefusedTokens(Duration timeToLive, long maxSize) {
        this.entries = Caffeine.newBuilder().maximumSize(maxSize)
                .expireAfterWrite(timeToLive.toNanos(), TimeUnit.NANOSECONDS).build();
    }

    public boolean refused(String token) {
        return token != null && entries.getIfPresent(key(token)) != null;
    }

    public void remember(String token) {
        if (token != null) {
            entries.put(key(token), Boolean.TRUE);
        }
    }

    long size() {
        entries.cleanUp();
        return entries.estimatedSize();
    }

    static String key(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
