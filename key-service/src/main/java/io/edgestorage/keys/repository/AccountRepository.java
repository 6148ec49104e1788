package io.edgestorage.keys.repository;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.edgestorage.keys.Account;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class AccountRepository implements PanacheRepositoryBase<Account, String> {

    /** Makes the account exist; true if this call created it. Safe under concurrency (ON CONFLICT). */
    public Uni<Boolean> ensure(String id, String origin, Instant now) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                "insert into keys.accounts (id, origin, created_at) values (:id, :origin, :now) on conflict (id) do nothing")
                .setParameter("id", id).setParameter("origin", origin).setParameter("now", now)
                .executeUpdate())
                .map(n -> n > 0);
    }

    /** Ensures the account, then locks its row: serialises per-account decisions such as "create a presign key". */
    public Uni<Account> ensureLocked(String id, String origin, Instant now) {
        return ensure(id, origin, now).chain(created -> findById(id, LockModeType.PESSIMISTIC_WRITE));
    }

    public Uni<List<Account>> listSorted() {
        return listAll(Sort.by("createdAt").and("id"));
    }
}
