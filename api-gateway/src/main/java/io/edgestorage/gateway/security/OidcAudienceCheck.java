package io.edgestorage.gateway.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.edgestorage.gateway.config.EdgeOidcConfig;
import io.quarkus.runtime.StartupEvent;

/**
 * In production a JWT must be meant for this API: the provider's other applications get tokens signed
 * with the same keys, and without an audience check any of them would open the Edge API. So when JWTs are
 * accepted at all ({@code EDGE_OIDC_ISSUER}) the gateway does not start without {@code EDGE_OIDC_AUDIENCE}
 * ({@code edge.oidc.require-audience}, on in the prod profile).
 */
@ApplicationScoped
public class OidcAudienceCheck {

    void onStart(@Observes StartupEvent event, EdgeOidcConfig config) {
        validate(config);
    }

    static void validate(EdgeOidcConfig config) {
        boolean jwtsAccepted = config.issuer().filter(s -> !s.isBlank()).isPresent();
        boolean audienceSet = config.audience().filter(list -> list.stream().anyMatch(a -> !a.isBlank())).isPresent();
        if (config.requireAudience() && jwtsAccepted && !audienceSet) {
            throw new IllegalStateException("EDGE_OIDC_ISSUER is set but EDGE_OIDC_AUDIENCE is not: set it to the "
                    + "audience (aud) the provider puts in access tokens meant for the Edge API, so that tokens "
                    + "issued for other applications of " + config.issuer().get() + " are refused");
        }
    }
}
