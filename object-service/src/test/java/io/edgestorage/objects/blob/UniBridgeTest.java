package io.edgestorage.objects.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.Promise;

class UniBridgeTest {

    @Test
    void defer_startsNothingUntilSubscribed_andStartsAgainForEverySubscriber() {
        AtomicInteger starts = new AtomicInteger();
        Uni<Integer> uni = UniBridge.defer(() -> Future.succeededFuture(starts.incrementAndGet()));

        assertThat(starts).hasValue(0);
        assertThat(uni.await().indefinitely()).isEqualTo(1);
        assertThat(uni.await().indefinitely()).isEqualTo(2);
    }

    @Test
    void defer_reportsAFailedFuture_andAStartThatThrows_asFailures() {
        IllegalStateException boom = new IllegalStateException("boom");
        assertThatThrownBy(() -> UniBridge.defer(() -> Future.failedFuture(boom)).await().indefinitely()).isSameAs(boom);
        assertThatThrownBy(() -> UniBridge.defer(() -> {
            throw boom;
        }).await().indefinitely()).isSameAs(boom);
    }

    @Test
    void defer_completesWhenTheFutureDoes() {
        Promise<String> later = Promise.promise();
        Future<String> bridged = UniBridge.toFuture(UniBridge.defer(later::future));

        assertThat(bridged.isComplete()).isFalse();
        later.complete("done");
        assertThat(bridged.result()).isEqualTo("done");
    }

    @Test
    void toFuture_subscribesAtOnce_andCarriesItemOrFailure() {
        AtomicInteger subscribed = new AtomicInteger();
        Future<String> item = UniBridge.toFuture(Uni.createFrom().item(() -> {
            subscribed.incrementAndGet();
            return "x";
        }));
        Future<String> failure = UniBridge.toFuture(Uni.createFrom().failure(new IllegalArgumentException("no")));

        assertThat(subscribed).hasValue(1);
        assertThat(item.result()).isEqualTo("x");
        assertThat(failure.cause()).isInstanceOf(IllegalArgumentException.class).hasMessage("no");
    }

    @Test
    void fireAndForget_runsTheUni() {
        AtomicInteger runs = new AtomicInteger();
        UniBridge.fireAndForget(Uni.createFrom().item(runs::incrementAndGet));
        assertThat(runs).hasValue(1);
    }
}
