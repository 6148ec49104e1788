package io.edgestorage.keys.repository;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.edgestorage.keys.ApiToken;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class ApiTokenRepository implements PanacheRepositoryBase<ApiToken, String> {

    public Uni<ApiToken> findByHash(String tokenHash) {
        return find("tokenHash", tokenHash).firstResult();
    }

    /** The account's tokens that are not revoked (expired ones included, so they can be seen and removed). */
    public Uni<List<ApiToken>> listByAccount(String accountId) {
        return list("accountId = ?1 and revokedAt is null", Sort.by("createdAt").and("id"), accountId);
    }

    /** True if the account holds a live token with {@code platform:admin}. */
    public Uni<Boolean> hasLivePlatformAdminToken(String accountId, Instant now) {
        return count("accountId = ?1 and revokedAt is null and (expiresAt is null or expiresAt > ?2) "
                + "and concat(' ', scopes, ' ') like '% platform:admin %'", accountId, now)
                .map(n -> n > 0);
    }
}
