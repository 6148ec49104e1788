package io.edgestorage.gateway.security;

import java.net.URI;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.edgestorage.common.web.InternalCredentialFilter;
import io.quarkus.arc.Unremovable;
import io.quarkus.oidc.common.OidcEndpoint;
import io.quarkus.oidc.common.OidcRequestFilter;

/**
 * key-service's introspection endpoint is internal: add the service credential to the introspection
 * calls Quarkus OIDC makes to it — and only to key-service, never to an external provider's endpoint.
 */
@ApplicationScoped
@Unremovable
@OidcEndpoint(OidcEndpoint.Type.INTROSPECTION)
public class InternalTokenIntrospectionFilter implements OidcRequestFilter {

    private final String token;
    private final String keyServiceHost;
    private final int keyServicePort;

    public InternalTokenIntrospectionFilter(@ConfigProperty(name = "edge.internal.token") String token,
            @ConfigProperty(name = "edge.upstream.key-service") String keyServiceUrl) {
        this.token = token;
        URI uri = URI.create(keyServiceUrl);
        this.keyServiceHost = uri.getHost();
        this.keyServicePort = uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
    }

    @Override
    public void filter(OidcRequestContext context) {
        var request = context.request();
        if (keyServiceHost.equalsIgnoreCase(request.host()) && request.port() == keyServicePort) {
            request.putHeader(InternalCredentialFilter.HEADER, token);
        }
    }
}
