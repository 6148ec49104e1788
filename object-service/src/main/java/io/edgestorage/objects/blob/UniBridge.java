package io.edgestorage.objects.blob;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.operators.AbstractUni;
import io.smallrye.mutiny.subscription.UniSubscriber;
import io.smallrye.mutiny.subscription.UniSubscription;
import io.vertx.core.Future;
import io.vertx.core.Promise;

/**
 * Between the blob store's {@link Uni}s and the Vert.x futures of the GET and PUT paths, without context
 * capture. Why not {@code UniHelper}: Quarkus wraps every callback handed to Mutiny (operators and
 * {@code subscribe().with}) in context propagation, which cost a tenth of a small GET's CPU (decision 006).
 * Here no callback is handed to Mutiny, so a crossing costs a few allocations.
 */
public final class UniBridge {

    private UniBridge() {
    }

    /** A Uni that calls {@code start} at each subscription and reports the future it returns. */
    public static <T> Uni<T> defer(Supplier<Future<T>> start) {
        return new FutureUni<>(start);
    }

    /** Subscribes to {@code uni} now; the future completes with its item or failure. */
    public static <T> Future<T> toFuture(Uni<T> uni) {
        Promise<T> promise = Promise.promise();
        uni.subscribe().withSubscriber(new UniSubscriber<T>() {
            @Override
            public void onSubscribe(UniSubscription subscription) {
            }

            @Override
            public void onItem(T item) {
                promise.tryComplete(item);
            }

            @Override
            public void onFailure(Throwable failure) {
                promise.tryFail(failure);
            }
        });
        return promise.future();
    }

    /** Subscribes to {@code uni} for its effect only (a delete nobody waits for). */
    public static void fireAndForget(Uni<?> uni) {
        toFuture(uni);
    }

    private static final class FutureUni<T> extends AbstractUni<T> {
        private final Supplier<Future<T>> start;

        FutureUni(Supplier<Future<T>> start) {
            this.start = start;
        }

        @Override
        public void subscribe(UniSubscriber<? super T> subscriber) {
            AtomicBoolean cancelled = new AtomicBoolean();
            subscriber.onSubscribe(() -> cancelled.set(true));
            Future<T> future;
            try {
                future = start.get();
            } catch (RuntimeException e) {
                subscriber.onFailure(e);
                return;
            }
            future.onComplete(ar -> {
                if (cancelled.get()) {
                    return;
                }
                if (ar.succeeded()) {
                    subscriber.onItem(ar.result());
                } else {
                    subscriber.onFailure(ar.cause());
                }
            });
        }
    }
}
