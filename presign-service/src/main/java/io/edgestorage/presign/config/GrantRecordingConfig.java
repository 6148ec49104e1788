package io.edgestorage.presign.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;

/**
 * How issued grants are recorded in object-service (defaults beside their environment variables in
 * application.properties).
 */
@ConfigMapping(prefix = "edge.presign.grants")
public interface GrantRecordingConfig {

    /** {@code EDGE_PRESIGN_GRANTS_WINDOW}: how long the first grant of a batch waits for others. */
    Duration window();

    /** {@code EDGE_PRESIGN_GRANTS_MAX_BATCH}: a batch this full is sent at once. */
    int maxBatch();

    /** {@code EDGE_PRESIGN_GRANTS_TIMEOUT}: no acknowledgement within this, the presigns of the batch fail (503). */
    Duration timeout();
}
