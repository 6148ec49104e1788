package io.edgestorage.objects.config;

import java.time.Clock;
import java.util.HexFormat;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.edgestorage.objects.auth.KeyResolver;
import io.edgestorage.objects.auth.KeyServiceClient;
import io.edgestorage.sigv4.CredentialScope;
import io.edgestorage.sigv4.SigningKey;
import io.smallrye.mutiny.Uni;

/** Wires the plain {@link KeyResolver} to key-service's REST API. */
@ApplicationScoped
public class KeyResolverProducer {

    @Produces
    @ApplicationScoped
    KeyResolver keyResolver(@RestClient KeyServiceClient client, ObjectServiceConfig config,
            @ConfigProperty(name = "edge.internal.token") String internalToken) {
        ObjectServiceConfig.Keys keys = config.keys();
        KeyResolver.Settings settings = new KeyResolver.Settings(keys.maxSilence(), keys.cacheMaxAge(),
                keys.negativeCacheTtl(), keys.failClosed(), keys.cacheMaxEntries(), keys.negativeCacheMaxEntries());
        return new KeyResolver((accessKeyId, scope) -> fetch(client, internalToken, accessKeyId, scope),
                Clock.systemUTC(), settings);
    }

    static Uni<KeyResolver.FetchResult> fetch(KeyServiceClient client, String token, String accessKeyId,
            CredentialScope scope) {
        return client.signingKey(token, accessKeyId, scope.date(), scope.region(), scope.service())
                .map(r -> {
                    if (r.signingKey() == null || r.accountId() == null
                            || (r.status() != null && !"active".equalsIgnoreCase(r.status()))) {
                        return (KeyResolver.FetchResult) new KeyResolver.Unknown("access-key-" + r.status());
                    }
                    SigningKey key = SigningKey.of(HexFormat.of().parseHex(r.signingKey()), scope);
                    return new KeyResolver.Found(new KeyResolver.ResolvedKey(accessKeyId, r.accountId(), key,
                            r.keyVersion() == null ? 0 : r.keyVersion()));
                })
                .onFailure(KeyResolverProducer::isNotFound)
                .recoverWithItem(() -> new KeyResolver.Unknown("unknown-access-key"));
    }

    /**
     * Only key-service's 404 means "no such key". A 401 or 403 means this service's internal credential is
     * wrong: that is an outage to report (and not to cache as an unknown key), not the client's mistake.
     */
    static boolean isNotFound(Throwable t) {
        return t instanceof WebApplicationException w && w.getResponse() != null && w.getResponse().getStatus() == 404;
    }
}
