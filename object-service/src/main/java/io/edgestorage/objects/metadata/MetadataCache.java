package io.edgestorage.objects.metadata;

import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

/**
 * Rows read from PostgreSQL, kept until a change of theirs is announced. Thread-safe, bounded.
 *
 * <p>A fill races with invalidations: a lookup sent before a write committed can answer after the write's
 * invalidation was applied. So a caller takes a {@link #stamp} before its lookup goes out and passes it to
 * {@link #fill}; the fill is dropped if any invalidation touching that key (or everything) happened since.
 * Generations are kept per stripe of keys, so writes to other keys rarely spoil a fill.
 *
 * <p>The cache answers only while {@code serving} says so: the {@link ChangeFeed} turns it off when it may
 * have missed announcements (listening connection lost, lease expired).
 */
public final class MetadataCache<K, V> {

    /** The stamp of a lookup that must not fill the cache. */
    public static final long NO_FILL = Long.MIN_VALUE;

    private static final int STRIPES = 1024;

    private final int maxEntries;
    private final ConcurrentHashMap<K, V> entries;
    private final AtomicLongArray stripeGenerations = new AtomicLongArray(STRIPES);
    private final AtomicLong generation = new AtomicLong();
    private volatile BooleanSupplier serving = () -> false;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    public MetadataCache(int maxEntries) {
        this.maxEntries = maxEntries;
        this.entries = new ConcurrentHashMap<>(Math.max(16, Math.min(maxEntries, 1 << 16)));
    }

    /** Whether the cache may answer now; set once by whoever keeps it coherent. */
    public void servingWhen(BooleanSupplier condition) {
        this.serving = condition;
    }

    public boolean serving() {
        return maxEntries > 0 && serving.getAsBoolean();
    }

    /** Whether this cache keeps anything at all (a size of 0 turns it off). */
    public boolean enabled() {
        return maxEntries > 0;
    }

    /** GET/HEAD lookups so far, answered here or not: whether the cache is in use. */
    public long lookups() {
        return hits.sum() + misses.sum();
    }

    /** The cached value, or null (also whenever the cache is not serving). */
    public V get(K key) {
        V value = serving() ? entries.get(key) : null;
        (value == null ? misses : hits).increment();
        return value;
    }

    /** Lookups answered from the cache so far. */
    public long hits() {
        return hits.sum();
    }

    /** Lookups that went to the database so far. */
    public long misses() {
        return misses.sum();
    }

    /** Taken before the lookup whose answer may fill the cache; {@link #NO_FILL} when it must not. */
    public long stamp(K key) {
        return serving() ? generations(key) : NO_FILL;
    }

    /** Keeps the looked-up value unless the key (or everything) was invalidated since {@code stamp}. */
    public void fill(K key, V value, long stamp) {
        if (stamp == NO_FILL || generations(key) != stamp) {
            return;
        }
        if (entries.size() >= maxEntries) {
            Iterator<K> oldest = entries.keySet().iterator();
            if (oldest.hasNext()) {
                entries.remove(oldest.next());
            }
        }
        entries.put(key, value);
        // An invalidation between the check above and the put bumped a generation first and may have
        // removed nothing yet: look again after the put, and take the value back out.
        if (generations(key) != stamp) {
            entries.remove(key, value);
        }
    }

    public void invalidate(K key) {
        stripeGenerations.incrementAndGet(stripe(key));
        entries.remove(key);
    }

    public void invalidateAll() {
        generation.incrementAndGet();
        entries.clear();
    }

    public int size() {
        return entries.size();
    }

    /** Both counters only grow, so their sum changes exactly when either does. */
    private long generations(K key) {
        return generation.get() + stripeGenerations.get(stripe(key));
    }

    private static int stripe(Object key) {
        int h = key.hashCode();
        return (h ^ (h >>> 16)) & (STRIPES - 1);
    }
}
