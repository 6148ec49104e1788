package io.edgestorage.objects.auth;

import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import io.edgestorage.objects.config.ObjectServiceConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;

/**
 * Keeps long transfers to what their credential still allows: a download or upload that lasts longer than
 * {@code edge.keys.max-silence} re-checks its access key that often ({@link KeyResolver#recheck}: revoked by
 * an event, no longer valid at key-service, secret rotated) and is cut once it is not, so revoking a key
 * ends the URLs signed with it that are streaming too, within the revocation bound.
 */
@ApplicationScoped
public class TransferGuard {

    /** Watches one request's credential while its transfer runs. */
    @FunctionalInterface
    public interface Watch {
        /** Nothing to watch (unauthenticated paths, unit tests). */
        Watch NONE = onRevoked -> () -> {
        };

        /**
         * Starts watching; {@code onRevoked} runs once, on the request's event loop, with the S3 error a new
         * request would get. Returns what stops the watch (the transfer ended).
         */
        Runnable start(Consumer<Throwable> onRevoked);
    }

    private final KeyResolver keys;
    private final long intervalMillis;
    private final Counter cut;

    public TransferGuard(KeyResolver keys, ObjectServiceConfig config, MeterRegistry metrics) {
        this.keys = keys;
        this.intervalMillis = Math.max(1, config.keys().maxSilence().toMillis());
        this.cut = Counter.builder("edge.transfers.cut")
                .description("Uploads and downloads cut while streaming because their access key was revoked or is "
                        + "no longer valid")
                .register(metrics);
    }

    /** The watch of a request authenticated as {@code auth}, on this event loop. */
    public Watch watch(Vertx vertx, AuthContext auth) {
        return onRevoked -> {
            boolean[] done = {false};
            long timer = vertx.setPeriodic(intervalMillis, id -> keys
                    .recheck(auth.accessKeyId(), auth.verified() == null ? null : auth.verified().scope(), auth.signingKey())
                    .subscribe().with(ok -> {
                    }, failure -> {
                        if (!done[0]) {
                            done[0] = true;
                            vertx.cancelTimer(id);
                            cut.increment();
                            onRevoked.accept(failure);
                        }
                    }));
            return () -> {
                done[0] = true;
                vertx.cancelTimer(timer);
            };
        };
    }
}
