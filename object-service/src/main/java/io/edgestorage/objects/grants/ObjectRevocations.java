package io.edgestorage.objects.grants;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The object revocations a replica enforces, by bucket. Not a cache: every revocation that can still refuse a
 * URL is here (loaded at start, then added from events), and one is dropped only once no URL it covers can be
 * alive ({@code notBefore} + the longest URL life). Reads are lock-free; a bucket without revocations costs one
 * map lookup.
 */
public final class ObjectRevocations {

    private final Map<String, List<ObjectRevocation>> byBucket = new ConcurrentHashMap<>();
    private final Duration longestUrlLife;

    /** @param longestUrlLife the longest a presigned URL can live (SigV4's 7 days plus the allowed clock skew) */
    public ObjectRevocations(Duration longestUrlLife) {
        this.longestUrlLife = longestUrlLife;
    }

    public void add(ObjectRevocation revocation) {
        List<ObjectRevocation> list = byBucket.computeIfAbsent(revocation.bucket(), b -> new CopyOnWriteArrayList<>());
        if (list.stream().noneMatch(r -> r.id().equals(revocation.id()))) {
            list.add(revocation);
        }
    }

    /**
     * The revocation that refuses a presigned URL to {@code bucket/key} issued at {@code issuedAt}, or null.
     * A SigV2 URL carries no issue time: pass {@link #earliestIssueOfSigV2(Instant)} of its expiry.
     */
    public ObjectRevocation refusing(String bucket, String key, Instant issuedAt) {
        List<ObjectRevocation> list = byBucket.get(bucket);
        if (list == null) {
            return null;
        }
        for (ObjectRevocation revocation : list) {
            if (issuedAt.isBefore(revocation.notBefore()) && revocation.covers(key)) {
                return revocation;
            }
        }
        return null;
    }

    /** The earliest a SigV2 URL expiring at {@code expires} can have been issued: it may be that old, so it is taken to be. */
    public Instant earliestIssueOfSigV2(Instant expires) {
        return expires.minus(longestUrlLife);
    }

    /** Drops the revocations no live URL can fall under any more; returns how many. */
    public int dropExpired(Instant now) {
        int dropped = 0;
        for (List<ObjectRevocation> list : byBucket.values()) {
            for (ObjectRevocation revocation : list) {
                if (!revocation.notBefore().plus(longestUrlLife).isAfter(now) && list.remove(revocation)) {
                    dropped++;
                }
            }
        }
        byBucket.values().removeIf(List::isEmpty);
        return dropped;
    }

    public List<ObjectRevocation> of(String bucket) {
        List<ObjectRevocation> list = byBucket.get(bucket);
        return list == null ? List.of() : List.copyOf(list);
    }
}
