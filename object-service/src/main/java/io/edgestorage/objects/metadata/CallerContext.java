package io.edgestorage.objects.metadata;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * Hands a result computed on some other context (a shared statement, the change feed) back to the Vert.x
 * context of the request that asked for it, so what runs next sees that request's own state (its request
 * id in the logs, its duplicated-context locals) and not another request's.
 */
final class CallerContext {

    private CallerContext() {
    }

    /**
     * {@code result}, completed on {@code caller}: at once when it completes there, else in a task on it.
     * Without a caller context (a worker or foreign thread), {@code result} itself.
     */
    static <T> Future<T> deliverOn(Context caller, Future<T> result) {
        if (caller == null) {
            return result;
        }
        Promise<T> delivered = Promise.promise();
        result.onComplete(ar -> {
            if (Vertx.currentContext() == caller) {
                delivered.handle(ar);
            } else {
                caller.runOnContext(v -> delivered.handle(ar));
            }
        });
        return delivered.future();
    }
}
