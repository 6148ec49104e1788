package io.edgestorage.sigv4;

import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A bounded, thread-safe cache of derived signing keys per (identity, date, region, service). The
 * identity is the access key id for verifiers (which receive keys from key-service) or any stable
 * identity of a secret for signers.
 *
 * <p>Bounded because scopes change daily and identities are attacker-chosen on the verify path: when
 * full, entries of older days go first, then arbitrary entries. Revocation is the caller's job via
 * {@link #invalidate(String)}.
 */
public final class SigningKeyCache {

    private record Entry(String identity, CredentialScope scope) {
    }

    private final int maxEntries;
    private final ConcurrentHashMap<Entry, SigningKey> keys = new ConcurrentHashMap<>();

    /** @param maxEntries upper bound on cached keys, at least 1 */
    public SigningKeyCache(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be >= 1");
        }
        this.maxEntries = maxEntries;
    }

    /** The cached key, if any. */
    public Optional<SigningKey> get(String identity, CredentialScope scope) {
        return Optional.ofNullable(keys.get(new Entry(identity, scope)));
    }

    /** The cached key, or the loader's result (cached unless null). */
    public SigningKey get(String identity, CredentialScope scope, Function<CredentialScope, SigningKey> loader) {
        Entry entry = new Entry(Objects.requireNonNull(identity), Objects.requireNonNull(scope));
        SigningKey cached = keys.get(entry);
        if (cached != null) {
            return cached;
        }
        SigningKey loaded = loader.apply(scope);
        if (loaded != null) {
            put(identity, loaded);
        }
        return loaded;
    }

    /** The cached key, or one derived from {@code secretAccessKey} and cached. */
    public SigningKey deriveIfAbsent(String identity, String secretAccessKey, CredentialScope scope) {
        return get(identity, scope, s -> SigningKey.derive(secretAccessKey, s));
    }

    /** Caches {@code key} under its own scope. */
    public void put(String identity, SigningKey key) {
        Entry entry = new Entry(Objects.requireNonNull(identity), key.scope());
        if (keys.size() >= maxEntries && !keys.containsKey(entry)) {
            makeRoomFor(entry);
        }
        keys.put(entry, key);
    }

    /** Drops every cached key of {@code identity}, all scopes: used when a key is rotated or revoked. */
    public void invalidate(String identity) {
        keys.keySet().removeIf(e -> e.identity().equals(identity));
    }

    public void invalidateAll() {
        keys.clear();
    }

    public int size() {
        return keys.size();
    }

    private void makeRoomFor(Entry incoming) {
        // Keys of days before the incoming one are the least likely to be used again.
        keys.keySet().removeIf(e -> e.scope().date().compareTo(incoming.scope().date()) < 0);
        Iterator<Entry> it = keys.keySet().iterator();
        while (keys.size() >= maxEntries && it.hasNext()) {
            it.next();
            it.remove();
        }
    }
}
