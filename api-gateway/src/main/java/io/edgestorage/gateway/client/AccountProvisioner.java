package io.edgestorage.gateway.client;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.edgestorage.common.web.InternalCredentialFilter;
import io.edgestorage.common.web.RequestIdFilter;
import io.edgestorage.gateway.Upstream;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;

/**
 * Accounts of external OIDC principals come into being on first use: {@code PUT
 * /internal/v1/accounts/{id}} on key-service (idempotent). Accounts known to exist are remembered so
 * this costs one call per account per gateway replica.
 */
@ApplicationScoped
public class AccountProvisioner {

    private static final int MAX_REMEMBERED = 100_000;

    private final UpstreamProxy proxy;
    private final String internalToken;
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    public AccountProvisioner(UpstreamProxy proxy, @ConfigProperty(name = "edge.internal.token") String internalToken) {
        this.proxy = proxy;
        this.internalToken = internalToken;
    }

    /** Completes once the account exists; fails with {@link UpstreamUnavailableException} otherwise. */
    public Future<Void> ensure(String account, String requestId) {
        if (known.contains(account)) {
            return Future.succeededFuture();
        }
        MultiMap headers = MultiMap.caseInsensitiveMultiMap()
                .add(InternalCredentialFilter.HEADER, internalToken)
                .add(InternalCredentialFilter.ACCOUNT_HEADER, account)
                .add(RequestIdFilter.HEADER, requestId);
        return proxy.send(Upstream.KEY_SERVICE, HttpMethod.PUT, "/internal/v1/accounts/" + account, headers, null,
                true /* PUT: idempotent */)
                .map(response -> {
                    if (response.statusCode() / 100 != 2) {
                        throw new UpstreamUnavailableException(Upstream.KEY_SERVICE, false,
                                new IllegalStateException("account creation answered " + response.statusCode()));
                    }
                    if (known.size() > MAX_REMEMBERED) {
                        known.clear();
                    }
                    known.add(account);
                    return null;
                });
    }
}
