package io.edgestorage.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JwtTenantResolverTest {

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes());
    }

    @ParameterizedTest
    @ValueSource(strings = {"RS256", "ES256", "none"})
    void threePartTokensWithAJsonHeader_lookLikeJwts(String alg) {
        assertThat(JwtTenantResolver.looksLikeJwt(b64("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}") + "." + b64("{}") + ".sig"))
                .isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"edge_0123456789abcdef", "a.b", "a.b.c.d", ".b.c", "!!!.b.c", "e30.e30.x"})
    void opaqueTokens_doNotLookLikeJwts(String token) {
        assertThat(JwtTenantResolver.looksLikeJwt(token)).isFalse();
    }
}
