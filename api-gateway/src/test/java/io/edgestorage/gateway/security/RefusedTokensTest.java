package io.edgestorage.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class RefusedTokensTest {

    @Test
    void aRefusedToken_isRememberedForTheTtl_andThenForgotten() {
        RefusedTokens refused = new RefusedTokens(Duration.ofMillis(300), 100);
        refused.remember("edge_refused-token-0123456789");
        assertThat(refused.refused("edge_refused-token-0123456789")).isTrue();
        assertThat(refused.refused("edge_another-token-0123456789")).isFalse();
        assertThat(refused.refused(null)).isFalse();
        Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> !refused.refused("edge_refused-token-0123456789"));
    }

    @Test
    void theCacheIsBoundedInSize_whateverCallersSend() {
        RefusedTokens refused = new RefusedTokens(Duration.ofMinutes(1), 1_000);
        for (int i = 0; i < 20_000; i++) {
            refused.remember("edge_" + UUID.randomUUID());
        }
        assertThat(refused.size()).isLessThanOrEqualTo(1_000);
    }

    @Test
    void entriesAreKeyedByTheTokensHash_neverByTheTokenItself() {
        String token = "edge_" + UUID.randomUUID();
        assertThat(RefusedTokens.key(token)).doesNotContain(token).hasSize(43).isEqualTo(RefusedTokens.key(token));
    }
}
