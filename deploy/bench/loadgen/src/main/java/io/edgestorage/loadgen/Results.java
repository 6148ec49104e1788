package io.edgestorage.loadgen;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

/**
 * What one worker measured in the window: latencies in microseconds, from the intended send time
 * ({@link #fromIntended}, the figure to quote) and from the moment a connection took the request
 * ({@link #fromSent}, the server's service time, which hides queueing) — and outcomes by status.
 * Touched only by its worker's event loop; {@link #add} merges after the run.
 */
final class Results {

    private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(5);

    final Histogram fromIntended = new Histogram(HIGHEST_MICROS, 3);
    final Histogram fromSent = new Histogram(HIGHEST_MICROS, 3);
    /** "200", "503", "error ConnectException", … → count */
    final Map<String, Long> outcomes = new TreeMap<>();
    long sent;
    long answered;

    void answered(int status, long intendedNanos, long sentNanos, long doneNanos) {
        answered++;
        fromIntended.recordValue(micros(doneNanos - intendedNanos));
        fromSent.recordValue(micros(doneNanos - sentNanos));
        outcomes.merge(Integer.toString(status), 1L, Long::sum);
    }

    void failed(Throwable failure) {
        outcomes.merge("error " + failure.getClass().getSimpleName(), 1L, Long::sum);
    }

    void unfinished(long count) {
        if (count > 0) {
            outcomes.merge("unfinished", count, Long::sum);
        }
    }

    void add(Results other) {
        fromIntended.add(other.fromIntended);
        fromSent.add(other.fromSent);
        other.outcomes.forEach((k, v) -> outcomes.merge(k, v, Long::sum));
        sent += other.sent;
        answered += other.answered;
    }

    long errors() {
        return outcomes.entrySet().stream().filter(e -> !e.getKey().matches("[23]\\d\\d"))
                .mapToLong(Map.Entry::getValue).sum();
    }

    private static long micros(long nanos) {
        return Math.min(HIGHEST_MICROS, Math.max(0, nanos / 1000));
    }
}
