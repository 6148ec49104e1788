package io.edgestorage.objects.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MetadataCacheTest {

    private final AtomicBoolean serving = new AtomicBoolean(true);
    private MetadataCache<String, String> cache;

    @BeforeEach
    void setUp() {
        cache = new MetadataCache<>(3);
        cache.servingWhen(serving::get);
    }

    @Test
    void aFillWithAnUntouchedStamp_isServed() {
        long stamp = cache.stamp("k");
        cache.fill("k", "v1", stamp);
        assertThat(cache.get("k")).isEqualTo("v1");
        assertThat(cache.get("other")).isNull();
        assertThat(cache.hits()).isEqualTo(1);
        assertThat(cache.misses()).isEqualTo(1);
    }

    @Test
    void aLookupThatRacedAnInvalidation_doesNotFill() {
        long stamp = cache.stamp("k");
        cache.invalidate("k"); // the write's change arrived while the lookup was out
        cache.fill("k", "old", stamp);
        assertThat(cache.get("k")).isNull();
        assertThat(cache.size()).isZero();
    }

    @Test
    void invalidatingEverything_spoilsEveryFillInFlight_andEmptiesTheCache() {
        cache.fill("a", "1", cache.stamp("a"));
        long stamp = cache.stamp("b");
        cache.invalidateAll();
        cache.fill("b", "2", stamp);
        assertThat(cache.get("a")).isNull();
        assertThat(cache.get("b")).isNull();
    }

    @Test
    void anInvalidation_dropsTheEntry() {
        cache.fill("k", "v1", cache.stamp("k"));
        cache.invalidate("k");
        assertThat(cache.get("k")).isNull();
    }

    @Test
    void whileNotServing_nothingIsAnsweredAndNothingFills() {
        cache.fill("k", "v1", cache.stamp("k"));
        serving.set(false);
        assertThat(cache.get("k")).isNull();
        assertThat(cache.stamp("j")).isEqualTo(MetadataCache.NO_FILL);
        cache.fill("j", "v", MetadataCache.NO_FILL);
        serving.set(true);
        assertThat(cache.get("j")).isNull();
    }

    @Test
    void theCacheStaysWithinItsBound() {
        for (int i = 0; i < 10; i++) {
            cache.fill("k" + i, "v" + i, cache.stamp("k" + i));
        }
        assertThat(cache.size()).isLessThanOrEqualTo(3);
        assertThat(cache.get("k9")).isEqualTo("v9");
    }

    @Test
    void aCacheOfSizeZero_neverServes() {
        MetadataCache<String, String> off = new MetadataCache<>(0);
        off.servingWhen(() -> true);
        assertThat(off.serving()).isFalse();
        off.fill("k", "v", off.stamp("k"));
        assertThat(off.get("k")).isNull();
    }
}
