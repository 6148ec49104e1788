package io.edgestorage.objects.grants;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A grant as listed: what was issued and what has happened to it.
 *
 * @param maxBytes     null when unlimited
 * @param contentTypes null when any
 * @param uses         null when unlimited
 * @param used         requests served so far (a limited grant's count is exact; an unlimited one's is flushed
 *                     in batches and may trail by a second)
 */
public record GrantRecord(String grantId, String accountId, String bucket, String key, String method, String keyId,
        Long maxBytes, List<String> contentTypes, boolean overwrite, Long uses, long used, Instant lastUsedAt,
        Map<String, String> context, Instant createdAt, Instant expiresAt, Instant revokedAt) {

    /** The states a listing filters by; a grant is in exactly one. */
    public enum State {
        ACTIVE, REVOKED, USED, EXPIRED;

        public static State of(String name) {
            for (State s : values()) {
                if (s.name().equalsIgnoreCase(name)) {
                    return s;
                }
            }
            return null;
        }
    }

    /** Revoked wins over used and expired: it is what someone did to it. */
    public State state(Instant now) {
        if (revokedAt != null) {
            return State.REVOKED;
        }
        if (uses != null && used >= uses) {
            return State.USED;
        }
        if (!expiresAt.isAfter(now)) {
            return State.EXPIRED;
        }
        return State.ACTIVE;
    }
}
