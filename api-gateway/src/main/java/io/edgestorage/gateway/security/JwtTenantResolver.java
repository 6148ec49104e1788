package io.edgestorage.gateway.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import jakarta.enterprise.context.ApplicationScoped;

import io.edgestorage.gateway.config.EdgeOidcConfig;
import io.quarkus.oidc.OidcRequestContext;
import io.quarkus.oidc.OidcTenantConfig;
import io.quarkus.oidc.TenantConfigResolver;
import io.quarkus.oidc.runtime.OidcTenantConfig.ApplicationType;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Two kinds of bearer token: opaque platform API tokens (the default tenant, introspected by
 * key-service) and, when {@code EDGE_OIDC_ISSUER} is set, JWT access tokens of an external provider
 * (tenant {@code jwt}, verified locally against the provider's keys). A token that looks like a JWT goes
 * to the {@code jwt} tenant; everything else to the default one.
 */
@ApplicationScoped
public class JwtTenantResolver implements TenantConfigResolver {

    public static final String TENANT = "jwt";

    private final OidcTenantConfig jwtTenant;

    public JwtTenantResolver(EdgeOidcConfig config) {
        this.jwtTenant = config.issuer().filter(s -> !s.isBlank()).map(issuer -> build(issuer, config)).orElse(null);
    }

    private static OidcTenantConfig build(String issuer, EdgeOidcConfig config) {
        var builder = OidcTenantConfig.builder().tenantId(TENANT).applicationType(ApplicationType.SERVICE);
        if (config.publicKey().filter(s -> !s.isBlank()).isPresent()) {
            builder.publicKey(config.publicKey().get()).discoveryEnabled(false);
        } else {
            builder.authServerUrl(issuer);
        }
        var token = builder.token().issuer(issuer);
        config.audience().ifPresent(token::audience);
        return token.end().build();
    }

    @Override
    public Uni<OidcTenantConfig> resolve(RoutingContext context, OidcRequestContext<OidcTenantConfig> requestContext) {
        if (jwtTenant == null || !looksLikeJwt(bearer(context))) {
            return Uni.createFrom().nullItem();
        }
        return Uni.createFrom().item(jwtTenant);
    }

    /** The bearer token of the request, or null when it carries none. */
    public static String bearer(RoutingContext context) {
        String header = context.request().getHeader("Authorization");
        if (header == null || header.length() < 8 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return header.substring(7).trim();
    }

    /** Three base64url parts whose first decodes to a JSON header naming an algorithm. */
    public static boolean looksLikeJwt(String token) {
        if (token == null) {
            return false;
        }
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (first <= 0 || second < 0 || token.indexOf('.', second + 1) >= 0) {
            return false;
        }
        try {
            String header = new String(Base64.getUrlDecoder().decode(token.substring(0, first)), StandardCharsets.UTF_8);
            return header.startsWith("{") && header.contains("\"alg\"");
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }
}
