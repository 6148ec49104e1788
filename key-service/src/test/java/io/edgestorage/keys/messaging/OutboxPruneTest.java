package io.edgestorage.keys.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.edgestorage.keys.Sql;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class OutboxPruneTest {

    @Inject
    OutboxRelayRunner relay;

    @Test
    void prune_deletesPublishedRowsOlderThanTheRetention_only() {
        String old = "AKIAPRUNEOLD" + UUID.randomUUID().toString().replace("-", "").substring(0, 8).toUpperCase();
        insert(old + "-published-long-ago", "now() - interval '8 days'", "now() - interval '8 days'");
        insert(old + "-published-now", "now() - interval '8 days'", "now()");

        int deleted = relay.prune().await().atMost(Duration.ofSeconds(10));

        assertThat(deleted).isGreaterThanOrEqualTo(1);
        assertThat(Sql.query("select 1 from keys.outbox where aggregate_id = ?", old + "-published-long-ago")).isEmpty();
        assertThat(Sql.query("select 1 from keys.outbox where aggregate_id = ?", old + "-published-now")).hasSize(1);
    }

    private static void insert(String aggregate, String createdAt, String publishedAt) {
        Sql.query("insert into keys.outbox (event_id, event_type, aggregate_id, payload, created_at, published_at) "
                + "values (?, 'storage.key.created', ?, '{}', " + createdAt + ", " + (publishedAt == null ? "null" : publishedAt) + ")",
                UUID.randomUUID(), aggregate);
    }
}
