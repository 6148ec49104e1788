package io.edgestorage.objects.events;

import jakarta.inject.Singleton;

import io.edgestorage.common.messaging.KeyEventsCatchUpListener;
import io.smallrye.common.annotation.Identifier;

/**
 * The catch-up of the grant-event consumer (its own consumer group, started at the latest offset): until its
 * partitions are read to their end offsets at assignment, and a reload from PostgreSQL has followed, this replica
 * does not count on events alone ({@link GrantEventStream}).
 */
@Singleton
@Identifier(GrantEventsCatchUp.NAME)
public class GrantEventsCatchUp extends KeyEventsCatchUpListener {

    /** The name {@code mp.messaging.incoming.grant-events.consumer-rebalance-listener.name} refers to. */
    public static final String NAME = "grant-events-catch-up";

    public GrantEventsCatchUp(GrantEventStream stream) {
        super(stream::distrust, stream::caughtUp, stream::isCaughtUp);
    }
}
