package io.edgestorage.keys.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.edgestorage.common.problem.ProblemException;
import io.edgestorage.keys.Account;
import io.edgestorage.keys.ApiToken;
import io.edgestorage.keys.Credentials;
import io.edgestorage.keys.Scope;
import io.edgestorage.keys.repository.AccountRepository;
import io.edgestorage.keys.repository.ApiTokenRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** Platform API tokens: issued once in clear, stored as SHA-256, validated by RFC 7662 introspection. */
@ApplicationScoped
public class TokenService {

    private final ApiTokenRepository tokens;
    private final AccountRepository accounts;
    private final UsageRecorder usage;
    private final Clock clock;

    public TokenService(ApiTokenRepository tokens, AccountRepository accounts, UsageRecorder usage, Clock clock) {
        this.tokens = tokens;
        this.accounts = accounts;
        this.usage = usage;
        this.clock = clock;
    }

    /** A token together with its value: only ever returned once, by create. */
    public record IssuedToken(ApiToken token, String value) {
        @Override
        public String toString() {
            return "IssuedToken[" + token + ", value=<redacted>]";
        }
    }

    /** What introspection learns about a presented token; empty when it is not active. */
    public record Introspection(ApiToken token) {
        public boolean active() {
            return token != null;
        }
    }

    public Uni<List<ApiToken>> list(String accountId) {
        return Panache.withSession(() -> tokens.listByAccount(accountId));
    }

    /**
     * Issues a token. {@code platform:admin} is granted only to accounts that already hold a live
     * platform-admin token (the bootstrap account), so an account's storage admin cannot escalate.
     */
    public Uni<IssuedToken> create(String accountId, String name, Set<Scope> scopes, Duration lifetime) {
        return Panache.withTransaction(() -> accounts.ensure(accountId, Account.ORIGIN_IMPLICIT, now())
                .chain(ignored -> scopes.contains(Scope.PLATFORM_ADMIN)
                        ? tokens.hasLivePlatformAdminToken(accountId, now())
                        : Uni.createFrom().item(true))
                .chain(allowed -> {
                    if (!allowed) {
                        throw ProblemException.badRequest("scope-not-allowed",
                                "platform:admin can only be granted by an account that is a platform administrator");
                    }
                    return insert(accountId, name, scopes, lifetime);
                }));
    }

    /** Inside the caller's transaction. */
    Uni<IssuedToken> insert(String accountId, String name, Set<Scope> scopes, Duration lifetime) {
        Instant now = now();
        String value = Credentials.newApiToken();
        ApiToken token = new ApiToken();
        token.id = Credentials.newTokenId();
        token.accountId = accountId;
        token.name = name;
        token.tokenHash = Credentials.tokenHash(value);
        token.scopes = Scope.join(scopes);
        token.createdAt = now;
        token.expiresAt = lifetime == null ? null : now.plus(lifetime);
        return tokens.persist(token).replaceWith(() -> new IssuedToken(token, value));
    }

    public Uni<Void> revoke(String accountId, String tokenId) {
        return Panache.withTransaction(() -> tokens.findById(tokenId).chain(token -> {
            if (token == null || !token.accountId.equals(accountId) || token.revokedAt != null) {
                throw ProblemException.notFound("no-such-token", "No API token " + tokenId + " in this account");
            }
            token.revokedAt = now();
            return Uni.createFrom().voidItem();
        }));
    }

    public Uni<Introspection> introspect(String presented) {
        if (presented == null || presented.isBlank() || presented.length() > 512) {
            return Uni.createFrom().item(new Introspection(null));
        }
        String hash = Credentials.tokenHash(presented.trim());
        return Panache.withSession(() -> tokens.findByHash(hash)).map(token -> {
            Instant now = clock.instant();
            if (token == null || !token.isLive(now)) {
                return new Introspection(null);
            }
            usage.tokenUsed(token.id, now.truncatedTo(ChronoUnit.MILLIS));
            return new Introspection(token);
        });
    }

    /** Parses requested scope names; absent means every storage scope. */
    public static Set<Scope> scopes(List<String> requested) {
        if (requested == null) {
            return EnumSet.copyOf(Scope.STORAGE);
        }
        if (requested.isEmpty()) {
            throw ProblemException.badRequest("invalid-scope", "'scopes' must name at least one scope");
        }
        EnumSet<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String name : requested) {
            scopes.add(Scope.of(name).orElseThrow(() -> ProblemException.badRequest("invalid-scope",
                    "Unknown scope '" + name + "'; known: storage:presign storage:buckets storage:keys storage:admin platform:admin")));
        }
        return scopes;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
