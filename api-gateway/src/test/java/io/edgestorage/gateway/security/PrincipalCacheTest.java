package io.edgestorage.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.quarkus.oidc.TokenIntrospection;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;

class PrincipalCacheTest {

    private static final Duration MAX_SILENCE = Duration.ofSeconds(10);

    /** The stream's clock: moved by hand, so silence is a fact of the test, not of the machine's speed. */
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final PrincipalCache cache = new PrincipalCache(Duration.ofMinutes(1), 100,
            new KeyEventStream(MAX_SILENCE, nanos::get));

    PrincipalCacheTest() {
        cache.streamSpoke();
    }

    private static SecurityIdentity introspected(String account, Long exp) {
        return introspected(account, exp, "tok_" + account);
    }

    private static SecurityIdentity introspected(String account, Long exp, String tokenId) {
        String json = "{\"active\":true,\"sub\":\"" + account + "\",\"scope\":\"storage:presign\""
                + ",\"client_id\":\"" + tokenId + "\"" + (exp == null ? "" : ",\"exp\":" + exp) + "}";
        return QuarkusSecurityIdentity.builder().setPrincipal((Principal) () -> account)
                .addAttribute(EdgePrincipal.INTROSPECTION_ATTRIBUTE, new TokenIntrospection(json)).build();
    }

    private void remember(String token, SecurityIdentity identity) {
        cache.remember(token, identity, EdgePrincipal.from(identity, "account"));
    }

    @Test
    void introspectedToken_isAnsweredFromTheCache() {
        remember("edge_a", introspected("acct-a", Instant.now().plusSeconds(3600).getEpochSecond()));
        assertThat(cache.get("edge_a")).isEqualTo(new EdgePrincipal("acct-a", java.util.Set.of("storage:presign"),
                false));
        assertThat(cache.get("edge_other")).isNull();
        assertThat(cache.get(null)).isNull();
    }

    @Test
    void tokenWithoutExp_isKeptForTheCacheLifetime() {
        remember("edge_b", introspected("acct-b", null));
        assertThat(cache.get("edge_b")).isNotNull();
    }

    @Test
    void tokenPastItsOwnExp_isNotAnsweredFromTheCache() {
        remember("edge_c", introspected("acct-c", Instant.now().minusSeconds(1).getEpochSecond()));
        assertThat(cache.get("edge_c")).isNull();
    }

    @Test
    void identityNotFromIntrospection_isNeverRemembered() {
        SecurityIdentity jwt = QuarkusSecurityIdentity.builder().setPrincipal((Principal) () -> "x").build();
        cache.remember("eyJ.jwt.sig", jwt, new EdgePrincipal("acct-j", java.util.Set.of(), true));
        assertThat(cache.get("eyJ.jwt.sig")).isNull();
    }

    @Test
    void aRevokedToken_isDroppedAtOnce_andOnlyThatToken() {
        remember("edge_e", introspected("acct-e", null, "tok_e"));
        remember("edge_f", introspected("acct-e", null, "tok_f"));
        assertThat(cache.revoked("tok_e")).isEqualTo(1);
        assertThat(cache.get("edge_e")).isNull();
        assertThat(cache.get("edge_f")).isNotNull();
        assertThat(cache.revoked("tok_unknown")).isZero();
    }

    @Test
    void afterMaxSilence_cachedPrincipalsAreNotTrusted_norNewOnesRemembered() {
        remember("edge_g", introspected("acct-g", null));
        nanos.addAndGet(MAX_SILENCE.toNanos());
        assertThat(cache.get("edge_g")).as("silent for exactly max-silence: still trusted").isNotNull();
        nanos.addAndGet(1);
        assertThat(cache.get("edge_g")).as("a revocation may have been missed").isNull();
        remember("edge_h", introspected("acct-h", null));
        assertThat(cache.get("edge_h")).isNull();
    }

    @Test
    void whenTheStreamSpeaksAgain_whatWasCachedBeforeTheSilenceIsForgotten() {
        remember("edge_i", introspected("acct-i", null));
        nanos.addAndGet(MAX_SILENCE.toNanos() + 1);
        cache.streamSpoke();
        assertThat(cache.get("edge_i")).isNull();
        remember("edge_j", introspected("acct-j", null));
        assertThat(cache.get("edge_j")).as("trusted again from now on").isNotNull();
    }

    @Test
    void beforeTheStreamIsFirstHeard_nothingIsCached() {
        PrincipalCache fresh = new PrincipalCache(Duration.ofMinutes(1), 100, new KeyEventStream(MAX_SILENCE, nanos::get));
        SecurityIdentity identity = introspected("acct-k", null);
        fresh.remember("edge_k", identity, EdgePrincipal.from(identity, "account"));
        assertThat(fresh.get("edge_k")).isNull();
        fresh.streamSpoke();
        fresh.remember("edge_k", identity, EdgePrincipal.from(identity, "account"));
        assertThat(fresh.get("edge_k")).isNotNull();
    }

    @Test
    void entries_expireAfterTheCacheLifetime() {
        PrincipalCache none = new PrincipalCache(Duration.ZERO, 100, new KeyEventStream(MAX_SILENCE, nanos::get));
        none.streamSpoke();
        SecurityIdentity identity = introspected("acct-d", null);
        none.remember("edge_d", identity, EdgePrincipal.from(identity, "account"));
        assertThat(none.get("edge_d")).isNull();
    }
}
