package io.edgestorage.keys.repository;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.edgestorage.keys.AccessKey;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class AccessKeyRepository implements PanacheRepositoryBase<AccessKey, String> {

    public Uni<List<AccessKey>> listByAccount(String accountId) {
        return list("accountId", Sort.by("createdAt").and("accessKeyId"), accountId);
    }

    public Uni<AccessKey> findForUpdate(String accessKeyId) {
        return findById(accessKeyId, LockModeType.PESSIMISTIC_WRITE);
    }

    /** The account's most recently created active key, or null. */
    public Uni<AccessKey> newestActive(String accountId) {
        return find("accountId = :account and status = :status",
                Sort.by("createdAt").descending().and("accessKeyId").descending(),
                Parameters.with("account", accountId).and("status", AccessKey.ACTIVE))
                .firstResult();
    }

    /** Up to {@code limit} keys sealed under another master key than {@code currentId}, locked for update. */
    public Uni<List<AccessKey>> sealedUnderOtherKey(String currentId, int limit) {
        return find("masterKeyId <> ?1", Sort.by("accessKeyId"), currentId)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .page(0, limit).list();
    }

    public Uni<Long> countSealedUnderOtherKey(String currentId) {
        return count("masterKeyId <> ?1", currentId);
    }
}
