package io.edgestorage.gateway.security;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.edgestorage.gateway.config.GatewayConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.oidc.TokenIntrospection;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * The gateway's introspection cache: a platform API token that key-service declared active is remembered
 * as its {@link EdgePrincipal} for {@code EDGE_GATEWAY_TOKEN_CACHE_TTL} (30 s), and never past the
 * token's own {@code exp}. A hit skips Quarkus security altogether (mechanism selection, tenant
 * resolution, identity building and their Mutiny/context-propagation chain cost about a fifth of the
 * gateway's CPU per presign). It replaces Quarkus OIDC's own token cache (switched off in
 * {@code application.properties}). Only introspected tokens are kept: JWTs of the external provider go
 * through Quarkus OIDC every time, and inactive or failed tokens are never remembered here.
 * <p>
 * Revocation does not wait for the TTL: {@link KeyEventsListener} drops a token's principal as soon as
 * key-service announces its revocation. That only holds while the event stream is heard, so the cache
 * answers and remembers nothing while {@link KeyEventStream} is silent (no event for
 * {@code edge.keys.max-silence}), and forgets everything when the stream speaks again, since an event
 * may have been missed in between.
 */
@ApplicationScoped
public class PrincipalCache {

    /**
     * A remembered principal, the token's own expiry (epoch seconds, 0 when it has none) and the token's id
     * (introspection's {@code client_id}), by which revocations name it.
     */
    private record Entry(EdgePrincipal principal, long expiresAtEpochSecond, String tokenId) {
    }

    private final Cache<String, Entry> entries;
    private final KeyEventStream stream;

    @Inject
    public PrincipalCache(GatewayConfig config, @ConfigProperty(name = "edge.keys.max-silence") Duration maxSilence,
            MeterRegistry metrics) {
        this(config.tokenCache().timeToLive(), config.tokenCache().maxSize(),
                new KeyEventStream(maxSilence, System::nanoTime));
        Gauge.builder("edge.gateway.key.events.heard", stream, s -> s.alive() ? 1 : 0)
                .description("1 while key events (heartbeats included) arrive within edge.keys.max-silence and "
                        + "cached principals are trusted; 0 while every call is introspected")
                .register(metrics);
    }

    PrincipalCache(Duration timeToLive, long maxSize, KeyEventStream stream) {
        this.entries = Caffeine.newBuilder().maximumSize(maxSize)
                .expireAfterWrite(timeToLive.toNanos(), TimeUnit.NANOSECONDS).build();
        this.stream = stream;
    }

    /** The principal of a token introspected within the TTL, not expired or revoked since, or null. */
    public EdgePrincipal get(String token) {
        if (token == null || !stream.alive()) {
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
        if (token != null && stream.alive() && identity.getAttribute(EdgePrincipal.INTROSPECTION_ATTRIBUTE)
                instanceof TokenIntrospection introspection) {
            Long exp = introspection.getLong("exp");
            entries.put(token, new Entry(principal, exp == null ? 0 : exp, introspection.getString("client_id")));
        }
    }

    /** Drops every principal of the token with this id; returns how many there were. */
    public int revoked(String tokenId) {
        int before = entries.asMap().size();
        entries.asMap().values().removeIf(entry -> tokenId.equals(entry.tokenId()));
        return before - entries.asMap().size();
    }

    /** An event arrived on the key-event stream. */
    public void streamSpoke() {
        if (stream.heard()) {
            entries.invalidateAll();
        }
    }
}
