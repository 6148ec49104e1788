package io.edgestorage.keys.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * key-service settings ({@code edge.keys.*}). A setting with an environment variable of its own has its default
 * beside that variable in application.properties; the others have theirs here.
 */
@ConfigMapping(prefix = "edge.keys")
public interface KeysConfig {

    /** The current master key, base64 of 32 bytes (EDGE_MASTER_KEY). */
    String masterKey();

    /** Explicit id of the current master key (default: its fingerprint). */
    Optional<String> masterKeyId();

    /** Older master keys that still decrypt: {@code base64} or {@code id:base64}. */
    Optional<List<String>> masterKeysOld();

    Bootstrap bootstrap();

    Events events();

    /** How often batched last-used times are written. */
    Duration usageFlushInterval();

    interface Bootstrap {
        Optional<String> account();

        Optional<String> token();
    }

    interface Events {
        String topic();

        Duration heartbeatInterval();

        /** Backstop poll of the outbox, in case a trigger and a NOTIFY were both missed. */
        Duration sweepInterval();

        /** Off only for maintenance (and one test): changes still commit, events wait in the outbox. */
        boolean relayEnabled();

        @WithDefault("100")
        int batchSize();

        /** How long published outbox rows are kept before they are deleted. */
        Duration retention();

        /** How long one publish may take before the relay gives up and retries later. */
        Duration deliveryTimeout();

        /**
         * How long a rotate or revoke waits for its event to reach Kafka before it answers anyway
         * (the relay keeps retrying); 0 answers right after the commit.
         */
        Duration publishWait();
    }
}
