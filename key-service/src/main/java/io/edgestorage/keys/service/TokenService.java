package io.edgestorage.keys.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.edgestorage.common.problem.Problem;
import io.edgestorage.common.problem.ProblemException;
import io.edgestorage.common.web.CallerScopes;
import io.edgestorage.keys.Account;
import io.edgestorage.keys.ApiToken;
import io.edgestorage.keys.Credentials;
import io.edgestorage.keys.KeyEvents;
import io.edgestorage.keys.OutboxEvent;
import io.edgestorage.keys.Scope;
import io.edgestorage.keys.messaging.OutboxRelayRunner;
import io.edgestorage.keys.repository.AccountRepository;
import io.edgestorage.keys.repository.ApiTokenRepository;
import io.edgestorage.keys.repository.OutboxRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** Platform API tokens: issued once in clear, stored as SHA-256, validated by RFC 7662 introspection. */
@ApplicationScoped
public class TokenService {

    private final ApiTokenRepository tokens;
    private final AccountRepository accounts;
    private final OutboxRepository outbox;
    private final KeyEvents events;
    private final OutboxRelayRunner relay;
    private final UsageRecorder usage;
    private final Clock clock;

    public TokenService(ApiTokenRepository tokens, AccountRepository accounts, OutboxRepository outbox,
            KeyEvents events, OutboxRelayRunner relay, UsageRecorder usage, Clock clock) {
        this.tokens = tokens;
        this.accounts = accounts;
        this.outbox = outbox;
        this.events = events;
        this.relay = relay;
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
     * Issues a token holding {@code requested} ({@code null}: every storage scope the caller holds). A token
     * never holds a scope its creator does not: {@code held} are the scopes of the caller's own credential, as
     * the gateway forwards them, so a {@code storage:admin} token cannot mint {@code platform:admin}.
     * {@code platform:admin} is moreover granted only to accounts that already hold a live platform-admin
     * token (the bootstrap account), so an external provider's scope claim alone does not make one.
     */
    public Uni<IssuedToken> create(String accountId, Set<Scope> held, String name, Set<Scope> requested,
            Duration lifetime) {
        Set<Scope> scopes;
        try {
            scopes = grantable(held, requested);
        } catch (ProblemException refused) {
            return Uni.createFrom().failure(refused);
        }
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

    /** The scopes a new token gets, or 403 {@code scope-not-held} when the caller asks for more than it holds. */
    static Set<Scope> grantable(Set<Scope> held, Set<Scope> requested) {
        if (requested == null) {
            EnumSet<Scope> storage = EnumSet.copyOf(Scope.STORAGE);
            storage.retainAll(held);
            if (storage.isEmpty()) {
                throw scopeNotHeld("The calling credential holds no storage scope to pass on");
            }
            return storage;
        }
        EnumSet<Scope> missing = EnumSet.copyOf(requested);
        missing.removeAll(held);
        if (!missing.isEmpty()) {
            throw scopeNotHeld("A token can only be given scopes the calling credential holds itself; it lacks: "
                    + Scope.join(missing));
        }
        return requested;
    }

    private static ProblemException scopeNotHeld(String detail) {
        return new ProblemException(Problem.of(403, "scope-not-held", "Forbidden", detail));
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

    /**
     * Revokes for good, with a {@code storage.token.revoked} event in the same transaction: the gateway drops
     * the principal it cached for the token at once instead of trusting it until its cache entry expires.
     * Answers once the event is on Kafka (bounded by {@code edge.keys.events.publish-wait}), as key revocation does.
     */
    public Uni<Void> revoke(String accountId, String tokenId) {
        return Panache.withTransaction(() -> tokens.findById(tokenId).chain(token -> {
            if (token == null || !token.accountId.equals(accountId) || token.revokedAt != null) {
                throw ProblemException.notFound("no-such-token", "No API token " + tokenId + " in this account");
            }
            Instant now = now();
            token.revokedAt = now;
            return outbox.persist(revokedEvent(token.id, token.accountId, now)).replaceWithVoid();
        })).call(relay::published);
    }

    private OutboxEvent revokedEvent(String tokenId, String accountId, Instant at) {
        OutboxEvent e = new OutboxEvent();
        e.eventId = UUID.randomUUID();
        e.eventType = KeyEvents.TOKEN_REVOKED;
        e.aggregateId = tokenId;
        e.payload = events.tokenRevoked(e.eventId, tokenId, accountId, at);
        e.createdAt = at;
        return e;
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

    /** Parses requested scope names; absent (null) is left for {@link #create} to default. */
    public static Set<Scope> scopes(List<String> requested) {
        if (requested == null) {
            return null;
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

    /**
     * The scopes of the caller's credential from {@link CallerScopes#HEADER}. Names this service does not know
     * (an external provider's {@code openid}, {@code email}…) grant nothing; no header holds nothing.
     */
    public static Set<Scope> held(String header) {
        EnumSet<Scope> held = EnumSet.noneOf(Scope.class);
        for (String name : Scope.split(header)) {
            Scope.of(name).ifPresent(held::add);
        }
        return held;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
