package io.edgestorage.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.Principal;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.quarkus.oidc.TokenIntrospection;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;

class PrincipalCacheTest {

    private final PrincipalCache cache = new PrincipalCache(Duration.ofMinutes(1), 100);

    private static SecurityIdentity introspected(String account, Long exp) {
        String json = "{\"active\":true,\"sub\":\"" + account + "\",\"scope\":\"storage:presign\""
                + (exp == null ? "" : ",\"exp\":" + exp) + "}";
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
    void entries_expireAfterTheCacheLifetime() {
        PrincipalCache none = new PrincipalCache(Duration.ZERO, 100);
        SecurityIdentity identity = introspected("acct-d", null);
        none.remember("edge_d", identity, EdgePrincipal.from(identity, "account"));
        assertThat(none.get("edge_d")).isNull();
    }
}
