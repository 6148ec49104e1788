package io.edgestorage.keys.service;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.edgestorage.common.problem.ProblemException;
import io.edgestorage.keys.Account;
import io.edgestorage.keys.Scope;
import io.edgestorage.keys.repository.AccountRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** Accounts: made to exist implicitly (OIDC principals) or explicitly by a platform admin. */
@ApplicationScoped
public class AccountService {

    public static final String FIRST_TOKEN_NAME = "initial";

    private final AccountRepository accounts;
    private final TokenService tokens;
    private final Clock clock;

    public AccountService(AccountRepository accounts, TokenService tokens, Clock clock) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.clock = clock;
    }

    public record Created(Account account, TokenService.IssuedToken firstToken) {
    }

    /** Creates the account and its first API token (every storage scope); 409 if the account exists. */
    public Uni<Created> create(String id) {
        return Panache.withTransaction(() -> accounts.ensure(id, Account.ORIGIN_ADMIN, now()).chain(created -> {
            if (!created) {
                throw ProblemException.conflict("account-already-exists", "Account " + id + " already exists");
            }
            return accounts.findById(id).chain(account -> tokens.insert(id, FIRST_TOKEN_NAME, Scope.STORAGE, null)
                    .map(token -> new Created(account, token)));
        }));
    }

    public Uni<List<Account>> list() {
        return Panache.withSession(accounts::listSorted);
    }

    /** Makes the account exist; true if this call created it. */
    public Uni<EnsureResult> ensure(String id) {
        return Panache.withTransaction(() -> accounts.ensure(id, Account.ORIGIN_IMPLICIT, now())
                .chain(created -> accounts.findById(id).map(account -> new EnsureResult(account, created))));
    }

    public record EnsureResult(Account account, boolean created) {
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
