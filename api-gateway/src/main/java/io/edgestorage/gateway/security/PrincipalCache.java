package io.edgestorage.gateway.security;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.edgestorage.gateway.config.GatewayConfig;
import io.quarkus.oidc.TokenIntrospection;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * The gateway's introspection cache: a platform API token that key-service declared active is remembered
 * as its {@link EdgePrincipal} for {@code EDGE_GATEWAY_TOKEN_CACHE_TTL} (30 s), and never past the
 * token's own {@code exp}. A hit skips Quarkus security altogether (mechanism selection, tenant
 * resolution, identity building and their Mutiny/context-propagation chain cost about a fifth of the
 * gateway's CPU per presign, issue #6). It replaces Quarkus OIDC's own token cache (switched off in
 * {@code application.properties}), so a verdict is still trusted for at most one TTL after key-service
 * gave it, exactly as before. Only introspected tokens are kept: JWTs of the external provider go through
 * Quarkus OIDC every time, and inactive or failed tokens are never remembered.
 */
@ApplicationScoped
public class PrincipalCache {

    /** A remembered principal and the token's own expiry (epoch seconds, 0 when it has none). */
    private record Entry(EdgePrincipal principal, long expiresAtEpochSecond) {
    }

    private final Cache<String, Entry> entries;

    @Inject
    public PrincipalCache(GatewayConfig config) {
        this(config.tokenCache().timeToLive(), config.tokenCache().maxSize());
    }

    PrincipalCache(Duration timeToLive, long maxSize) {
        this.entries = Caffeine.newBuilder().maximumSize(maxSize)
                .expireAfterWrite(timeToLive.toNanos(), TimeUnit.NANOSECONDS).build();
    }

    /** The principal of a token introspected within the TTL and not expired since, or null. */
    public EdgePrincipal get(String token) {
        if (token == null) {
            return null;
        }
        Entry entry = entries.getIfPresent(token);
        if (entry == null) {
            return null;
        }
        if (entry.expiresAtEpochSecond() != 0 && System.currentTimeMillis() / 1000 >= entry.expiresAtEpochSecond()) {
            entries.invalidate(token);
            return null;
        }
        return entry.principal();
    }

    /** Remembers the principal when the identity came from an introspection (not from a JWT). */
    public void remember(String token, SecurityIdentity identity, EdgePrincipal principal) {
        if (token != null && identity.getAttribute(EdgePrincipal.INTROSPECTION_ATTRIBUTE)
                instanceof TokenIntrospection introspection) {
            Long exp = introspection.getLong("exp");
            entries.put(token, new Entry(principal, exp == null ? 0 : exp));
        }
    }
}
