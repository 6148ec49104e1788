package io.edgestorage.presign.service;

import java.util.HexFormat;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.edgestorage.common.problem.ProblemException;
import io.edgestorage.presign.client.SigningKeyView;
import io.edgestorage.presign.client.UpstreamNotFoundException;
import io.edgestorage.presign.client.Upstreams;
import io.edgestorage.sigv4.CredentialScope;
import io.edgestorage.sigv4.SigningKey;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.smallrye.mutiny.Uni;

/**
 * The account's derived signing keys, fetched from key-service and cached per (account, requested key,
 * date, region) — {@code quarkus.cache.caffeine.presign-keys.*}. Rotation and revocation events evict
 * entries at once (see {@link #evict}); the cache's own expiry bounds staleness should an event be missed.
 *
 * <p>The cache is used only while the key-event consumer has caught up with its topic ({@link #trust()},
 * {@link #distrust()}): a replica reads only events published after its partitions were assigned, so until then
 * every presign asks key-service and nothing it answers is cached.
 */
@ApplicationScoped
public class SigningKeys {

    private static final Logger LOG = Logger.getLogger(SigningKeys.class);
    private static final String SERVICE = "s3";

    private final Upstreams upstreams;
    private final Cache cache;
    private volatile boolean trusted;

    public SigningKeys(Upstreams upstreams, @CacheName("presign-keys") Cache cache) {
        this.upstreams = upstreams;
        this.cache = cache;
    }

    /** A key for signing. */
    public record AccountKey(String accessKeyId, SigningKey signingKey) {
    }

    /** The cached key for {@code scope}, or null when the cache does not hold it (yet). */
    public AccountKey cached(String account, String keyId, CredentialScope scope) {
        return trusted ? CachedValues.present(cache, new Key(account, keyId, scope.date(), scope.region())) : null;
    }

    /**
     * @param keyId null for the account's active key
     * @return the key for {@code scope}; fails with 400 for an unknown/revoked {@code keyId}, 503 when key-service is down
     */
    public Uni<AccountKey> forScope(String account, String keyId, CredentialScope scope, String requestId) {
        Key key = new Key(account, keyId, scope.date(), scope.region());
        if (!trusted) {
            return load(account, keyId, scope, requestId).onFailure().transform(e -> translate(e, keyId));
        }
        AccountKey known = CachedValues.present(cache, key);
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        return cache.<Key, AccountKey>getAsync(key, k -> load(account, keyId, scope, requestId))
                .onFailure().transform(e -> translate(e, keyId));
    }

    private Uni<AccountKey> load(String account, String keyId, CredentialScope scope, String requestId) {
        return upstreams.presignKey(account, scope.date(), scope.region(), keyId, requestId)
                .map(view -> toAccountKey(view, account, scope));
    }

    /** Drops every cached key of the account and every entry naming {@code accessKeyId}. */
    public Uni<Void> evict(String accessKeyId, String accountId) {
        return cache.invalidateIf(k -> k instanceof Key key
                && (Objects.equals(key.account(), accountId) || Objects.equals(key.keyId(), accessKeyId)));
    }

    /** Drops everything (the heartbeat-less fallback and tests). */
    public Uni<Void> evictAll() {
        return cache.invalidateAll();
    }

    /** The key-event consumer may have missed events (no partitions, or not read to their end): bypass the cache. */
    public void distrust() {
        trusted = false;
        cache.invalidateAll().await().indefinitely();
    }

    /**
     * The consumer has read its partitions up to their end offsets at assignment: cache again, starting empty
     * (what a load begun before {@link #distrust()} stored there may predate a missed event).
     */
    public void trust() {
        cache.invalidateAll().await().indefinitely();
        trusted = true;
    }

    public boolean isTrusted() {
        return trusted;
    }

    private static AccountKey toAccountKey(SigningKeyView view, String account, CredentialScope scope) {
        if (view.accessKeyId() == null || view.signingKey() == null
                || (view.accountId() != null && !view.accountId().equals(account))) {
            throw new IllegalStateException("key-service answered an unusable presign key " + view);
        }
        byte[] bytes;
        try {
            bytes = HexFormat.of().parseHex(view.signingKey());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("key-service answered a signing key that is not hex");
        }
        return new AccountKey(view.accessKeyId(), SigningKey.of(bytes, scope));
    }

    private static Throwable translate(Throwable e, String keyId) {
        if (e instanceof UpstreamNotFoundException) {
            // Not key-service's code: it tells another account's key ("no-such-access-key") from a made-up one.
            return ProblemException.badRequest("unknown-access-key", keyId == null
                    ? "The account has no usable access key"
                    : "keyId '" + keyId + "' is not an active access key of this account");
        }
        if (e instanceof ProblemException) {
            return e;
        }
        LOG.warnf("key-service unavailable for a presign key: %s", e.toString());
        return ProblemException.unavailable("upstream-unavailable", "key-service is unavailable; try again shortly");
    }

    record Key(String account, String keyId, String date, String region) {
    }
}
