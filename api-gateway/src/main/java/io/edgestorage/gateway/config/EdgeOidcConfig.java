package io.edgestorage.gateway.config;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * JWT access tokens from an external OIDC provider, accepted beside platform API tokens when
 * {@code EDGE_OIDC_ISSUER} is set.
 */
@ConfigMapping(prefix = "edge.oidc")
public interface EdgeOidcConfig {

    /** {@code EDGE_OIDC_ISSUER}: the provider's issuer URL (discovery finds its keys). Unset: JWTs are not accepted. */
    Optional<String> issuer();

    /**
     * {@code EDGE_OIDC_PUBLIC_KEY}: a PEM/base64 RSA or EC public key to verify with instead of discovery
     * (providers without discovery; tests).
     */
    Optional<String> publicKey();

    /**
     * {@code EDGE_OIDC_AUDIENCE}: the {@code aud} values a JWT must carry (any one of them), comma-separated.
     * Without it a JWT the provider issued for any other application of the realm would be accepted here.
     */
    Optional<List<String>> audience();

    /**
     * {@code EDGE_OIDC_REQUIRE_AUDIENCE}: refuse to start when JWTs are accepted ({@code EDGE_OIDC_ISSUER})
     * without {@code EDGE_OIDC_AUDIENCE}. On in the prod profile.
     */
    @WithDefault("false")
    boolean requireAudience();

    /** {@code EDGE_OIDC_ACCOUNT_CLAIM}: the claim holding the account id (default in application.properties). */
    String accountClaim();
}
