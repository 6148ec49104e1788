package io.edgestorage.objects.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;

/** When a replica may count on revocation events alone, and that it reloads from PostgreSQL whenever it may not. */
class GrantEventStreamTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-07T12:00:00Z"));
    private final AtomicInteger loads = new AtomicInteger();
    private final GrantEventStream stream = new GrantEventStream(() -> {
        loads.incrementAndGet();
        return Uni.createFrom().voidItem();
    }, now::get, Duration.ofSeconds(10), new SimpleMeterRegistry());

    private void advance(Duration d) {
        now.updateAndGet(t -> t.plus(d));
    }

    private void tick() {
        stream.reloadUnlessHearing().await().indefinitely();
    }

    /** Assigned, caught up, reloaded during this assignment, and a heartbeat: what a healthy replica reaches. */
    private void hearingAfterStart() {
        stream.distrust();
        stream.caughtUp();
        tick();
        stream.heard();
    }

    @Test
    void atStart_nothingIsTrusted_andEveryTickReloads() {
        assertThat(stream.hearing(now.get())).isFalse();
        tick();
        tick();
        assertThat(loads).hasValue(2);
    }

    @Test
    void caughtUpAndHeard_butNoReloadSinceTheAssignment_isNotEnough() {
        stream.heard();
        stream.distrust();
        stream.caughtUp();
        assertThat(stream.hearing(now.get())).as("events before the assignment were never read").isFalse();
        tick();
        assertThat(stream.hearing(now.get())).isTrue();
        tick();
        assertThat(loads).as("hearing: no reload").hasValue(1);
    }

    @Test
    void aHeartbeatIsNeeded_aCaughtUpConsumerAloneDoesNotProveTheRelayWorks() {
        stream.distrust();
        stream.caughtUp();
        tick();
        assertThat(stream.hearing(now.get())).isFalse();
        stream.heard();
        assertThat(stream.hearing(now.get())).isTrue();
    }

    @Test
    void silence_startsTheReloadsOneIntervalBeforeMaxSilence_soALostRevocationHoldsWithinIt() {
        hearingAfterStart();
        int before = loads.get();
        advance(Duration.ofSeconds(9));
        assertThat(stream.hearing(now.get())).isTrue();
        advance(Duration.ofMillis(1));
        assertThat(stream.hearing(now.get())).isFalse();
        tick();
        tick();
        assertThat(loads.get() - before).isEqualTo(2);
        stream.heard();
        assertThat(stream.hearing(now.get())).as("heard again").isTrue();
    }

    @Test
    void losingOrGainingPartitions_distrustsUntilCaughtUpAndReloadedAgain() {
        hearingAfterStart();
        stream.distrust();
        assertThat(stream.hearing(now.get())).isFalse();
        stream.caughtUp();
        assertThat(stream.hearing(now.get())).isFalse();
        tick();
        assertThat(stream.hearing(now.get())).isTrue();
    }

    @Test
    void aReloadThatStartedBeforeAnAssignment_doesNotCountForIt() {
        AtomicReference<Runnable> duringLoad = new AtomicReference<>(() -> { });
        GrantEventStream racing = new GrantEventStream(() -> {
            duringLoad.get().run();
            return Uni.createFrom().voidItem();
        }, now::get, Duration.ofSeconds(10), new SimpleMeterRegistry());
        racing.heard();
        duringLoad.set(() -> {
            racing.distrust();
            racing.caughtUp();
        });
        racing.reload().await().indefinitely();
        assertThat(racing.hearing(now.get())).isFalse();
        duringLoad.set(() -> { });
        racing.reload().await().indefinitely();
        assertThat(racing.hearing(now.get())).isTrue();
    }

    @Test
    void aFailedReload_isRetriedOnTheNextTick_andTrustsNothing() {
        AtomicInteger attempts = new AtomicInteger();
        GrantEventStream failing = new GrantEventStream(() -> {
            attempts.incrementAndGet();
            return Uni.createFrom().failure(new IllegalStateException("PostgreSQL is down"));
        }, now::get, Duration.ofSeconds(10), new SimpleMeterRegistry());
        failing.distrust();
        failing.caughtUp();
        failing.heard();
        failing.reloadUnlessHearing().await().indefinitely();
        failing.reloadUnlessHearing().await().indefinitely();
        assertThat(attempts).hasValue(2);
        assertThat(failing.hearing(now.get())).isFalse();
    }
}
