package io.edgestorage.gateway.security;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.edgestorage.gateway.config.EdgeOidcConfig;

class OidcAudienceCheckTest {

    private static EdgeOidcConfig config(String issuer, List<String> audience, boolean required) {
        return new EdgeOidcConfig() {
            @Override
            public Optional<String> issuer() {
                return Optional.ofNullable(issuer);
            }

            @Override
            public Optional<String> publicKey() {
                return Optional.empty();
            }

            @Override
            public Optional<List<String>> audience() {
                return Optional.ofNullable(audience);
            }

            @Override
            public boolean requireAudience() {
                return required;
            }

            @Override
            public String accountClaim() {
                return "account";
            }
        };
    }

    @Test
    void production_withAnIssuerButNoAudience_refusesToStart_sayingWhatToSet() {
        String issuer = "https://id.example.com/realms/edge";
        for (List<String> missing : java.util.Arrays.<List<String>>asList(null, List.of(), List.of(" "))) {
            assertThatThrownBy(() -> OidcAudienceCheck.validate(config(issuer, missing, true)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("EDGE_OIDC_AUDIENCE").hasMessageContaining(issuer);
        }
    }

    @Test
    void production_withAnAudience_orWithoutJwts_starts() {
        assertThatCode(() -> OidcAudienceCheck.validate(config("https://id.example.com", List.of("edge-api"), true)))
                .doesNotThrowAnyException();
        assertThatCode(() -> OidcAudienceCheck.validate(config(null, null, true))).doesNotThrowAnyException();
        assertThatCode(() -> OidcAudienceCheck.validate(config("", null, true))).doesNotThrowAnyException();
    }

    @Test
    void devAndTests_doNotRequireAnAudience() {
        assertThatCode(() -> OidcAudienceCheck.validate(config("https://id.example.com", null, false)))
                .doesNotThrowAnyException();
    }
}
