package io.edgestorage.objects.auth;

import jakarta.inject.Singleton;

import io.edgestorage.common.messaging.KeyEventsCatchUpListener;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Identifier;

/** The key-event catch-up of this verifier: its {@link KeyResolver} answers from cache only once caught up. */
@Singleton
@Identifier(KeyEventsCatchUpListener.NAME)
public class KeyEventsCatchUp extends KeyEventsCatchUpListener {

    public KeyEventsCatchUp(KeyResolver keys, MeterRegistry metrics) {
        super(keys::catchingUp, keys::caughtUp, keys::isCaughtUp);
        Gauge.builder("edge.key.events.caught.up", keys, k -> k.isCaughtUp() ? 1 : 0)
                .description("1 once the key-event consumer has read its partitions up to their end offsets at "
                        + "assignment (the key cache answers), 0 while every use of a key is revalidated")
                .register(metrics);
    }
}
