package io.edgestorage.presign.messaging;

import java.time.Duration;
import java.time.Instant;

/**
 * Whether the key-event stream has gone quiet. key-service sends a heartbeat every few seconds, so silence
 * longer than {@code maxSilence} means events (a rotation, a revocation) may be missing: cached signing keys
 * can then no longer be trusted, as object-service's revocation bound (ARCHITECTURE.md) has it too.
 */
final class EventStreamSilence {

    private final Duration maxSilence;
    private Instant lastHeard;
    private boolean silent;

    EventStreamSilence(Duration maxSilence, Instant startedAt) {
        this.maxSilence = maxSilence;
        this.lastHeard = startedAt;
    }

    /** Any event, a heartbeat included, proves the stream alive. */
    synchronized void heard(Instant at) {
        if (at.isAfter(lastHeard)) {
            lastHeard = at;
        }
    }

    /** What a periodic check finds at {@code now}. */
    synchronized Check check(Instant now) {
        boolean wasSilent = silent;
        silent = Duration.between(lastHeard, now).compareTo(maxSilence) > 0;
        if (silent) {
            return wasSilent ? Check.STILL_SILENT : Check.FELL_SILENT;
        }
        return wasSilent ? Check.SPEAKS_AGAIN : Check.ALIVE;
    }

    enum Check {
        ALIVE, FELL_SILENT, STILL_SILENT, SPEAKS_AGAIN;

        /** While silent, cached keys are dropped at every check, so none outlives a check interval. */
        boolean distrustCache() {
            return this == FELL_SILENT || this == STILL_SILENT;
        }
    }
}
