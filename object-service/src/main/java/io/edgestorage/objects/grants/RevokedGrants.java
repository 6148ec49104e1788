package io.edgestorage.objects.grants;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The grants revoked one by one that a replica refuses. Complete, not a cache: loaded at start and then kept
 * by events; a grant leaves only when its URL has expired anyway, so the set stays as small as the revoked
 * grants still alive.
 */
public final class RevokedGrants {

    private final Map<String, Instant> expiresByGrant = new ConcurrentHashMap<>();

    public void add(String grantId, Instant expiresAt) {
        expiresByGrant.put(grantId, expiresAt);
    }

    public boolean isRevoked(String grantId) {
        return expiresByGrant.containsKey(grantId);
    }

    public int dropExpired(Instant now) {
        int before = expiresByGrant.size();
        expiresByGrant.values().removeIf(expires -> !expires.isAfter(now));
        return before - expiresByGrant.size();
    }

    public int size() {
        return expiresByGrant.size();
    }
}
