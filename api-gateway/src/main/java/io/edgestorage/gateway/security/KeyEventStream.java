package io.edgestorage.gateway.security;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Whether the gateway hears key-service's event stream ({@code storage.key-events}). key-service sends a
 * heartbeat every few seconds while its outbox relay keeps up, so silence longer than
 * {@code edge.keys.max-silence} means a token revocation may be missing: cached principals are then not
 * trusted, the same bound the access-key verifiers obey (ARCHITECTURE.md, revocation). Until the first
 * event after start the stream counts as silent too: only then is the consumer known to be assigned its
 * partitions, so that no revocation published from then on can pass it by.
 */
public final class KeyEventStream {

    private static final long NEVER = Long.MIN_VALUE;

    private final long maxSilenceNanos;
    private final LongSupplier nanoTime;
    private volatile long lastHeard = NEVER;

    public KeyEventStream(Duration maxSilence, LongSupplier nanoTime) {
        this.maxSilenceNanos = maxSilence.toNanos();
        this.nanoTime = nanoTime;
    }

    /** Any event, a heartbeat included, proves the stream alive. True when it had been silent until now. */
    public boolean heard() {
        long now = nanoTime.getAsLong();
        boolean wasSilent = silentAt(lastHeard, now);
        lastHeard = now;
        return wasSilent;
    }

    /** True while an event has been heard within the max silence. */
    public boolean alive() {
        return !silentAt(lastHeard, nanoTime.getAsLong());
    }

    private boolean silentAt(long heard, long now) {
        return heard == NEVER || now - heard > maxSilenceNanos;
    }
}
