package io.edgestorage.sigv4.v2;

import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifier-side memory of key-service's SigV2 verdicts, so a SigV2 URL used repeatedly costs one
 * key-service round trip. Keyed by (access key id, string to sign, signature): a verdict cannot be
 * reused for anything else that was signed. Bounded; {@link #invalidate(String)} on key rotation or
 * revocation drops every verdict of that key.
 */
public final class SigV2VerdictCache {

    private record Entry(String accessKeyId, String stringToSign, String signature) {
    }

    private final int maxEntries;
    private final ConcurrentHashMap<Entry, Boolean> verdicts = new ConcurrentHashMap<>();

    public SigV2VerdictCache(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be >= 1");
        }
        this.maxEntries = maxEntries;
    }

    /** The remembered verdict for this exact request, if any. */
    public Optional<Boolean> get(SigV2Auth auth) {
        return Optional.ofNullable(verdicts.get(entry(auth)));
    }

    /** Remembers key-service's verdict. */
    public void put(SigV2Auth auth, boolean valid) {
        Entry entry = entry(auth);
        if (verdicts.size() >= maxEntries && !verdicts.containsKey(entry)) {
            Iterator<Entry> it = verdicts.keySet().iterator();
            while (verdicts.size() >= maxEntries && it.hasNext()) {
                it.next();
                it.remove();
            }
        }
        verdicts.put(entry, valid);
    }

    /** Forgets every verdict of the key: call when it is rotated or revoked. */
    public void invalidate(String accessKeyId) {
        verdicts.keySet().removeIf(e -> e.accessKeyId().equals(accessKeyId));
    }

    public int size() {
        return verdicts.size();
    }

    private static Entry entry(SigV2Auth auth) {
        return new Entry(auth.accessKeyId(), auth.stringToSign(), auth.signature());
    }
}
