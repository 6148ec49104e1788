package io.edgestorage.objects.body;

import java.time.Duration;

/**
 * How slowly a client may send a request body: never silent for {@code idleTimeout}, and at least
 * {@code minBytesPerSecond} on average over every {@code rateWindow} (0 turns the rate off), so a body that
 * trickles (a byte just inside every idle timeout) cannot hold a connection and its blob forever.
 */
public record BodyLimits(Duration idleTimeout, long minBytesPerSecond, Duration rateWindow) {

    /** Bytes a body must bring in each rate window (0: no rate is required). */
    long minBytesPerWindow() {
        return minBytesPerSecond <= 0 ? 0 : Math.max(1, minBytesPerSecond * rateWindow.toMillis() / 1000);
    }
}
