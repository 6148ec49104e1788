package io.edgestorage.keys.service;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.edgestorage.keys.Account;
import io.edgestorage.keys.Credentials;
import io.edgestorage.keys.KeyEvents;
import io.edgestorage.keys.MasterKeyRing;
import io.edgestorage.keys.Scope;
import io.edgestorage.keys.config.KeysConfig;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * On every start: checks the master keys, and when {@code EDGE_BOOTSTRAP_ACCOUNT} and
 * {@code EDGE_BOOTSTRAP_TOKEN} are set makes that account and that API token (every scope,
 * {@code platform:admin} included, no expiry) exist. Idempotent; a revoked bootstrap token stays revoked.
 */
@ApplicationScoped
public class Bootstrap {

    private static final Logger LOG = Logger.getLogger(Bootstrap.class);
    static final int MIN_TOKEN_LENGTH = 20;

    private final KeysConfig config;
    private final MasterKeyRing ring;
    private final Pool pool;
    private final KeyEvents events;
    private final Clock clock;

    public Bootstrap(KeysConfig config, MasterKeyRing ring, Pool pool, KeyEvents events, Clock clock) {
        this.config = config;
        this.ring = ring;
        this.pool = pool;
        this.events = events;
        this.clock = clock;
    }

    void onStart(@Observes StartupEvent event) {
        LOG.infof("Secrets are sealed under master key %s (%d master key(s) can decrypt)", ring.currentId(), ring.size());
        Optional<String> account = config.bootstrap().account().filter(s -> !s.isBlank());
        Optional<String> token = config.bootstrap().token().filter(s -> !s.isBlank());
        if (account.isEmpty() && token.isEmpty()) {
            return;
        }
        if (account.isEmpty() || token.isEmpty()) {
            throw new IllegalStateException("EDGE_BOOTSTRAP_ACCOUNT and EDGE_BOOTSTRAP_TOKEN are set together or not at all");
        }
        Validation.accountId(account.get());
        if (token.get().trim().length() < MIN_TOKEN_LENGTH) {
            throw new IllegalStateException("EDGE_BOOTSTRAP_TOKEN must be at least " + MIN_TOKEN_LENGTH + " characters");
        }
        ensure(account.get(), token.get().trim()).await().atMost(Duration.ofSeconds(30));
        LOG.infof("Bootstrap account %s and its platform-admin token are in place", account.get());
    }

    /**
     * A revoked bootstrap token stays revoked: a restart re-asserts the account, the token's scopes and
     * its lack of expiry, never its validity. Configuring a new value is how an operator issues another.
     */
    Uni<Void> ensure(String accountId, String token) {
        OffsetDateTime now = clock.instant().truncatedTo(ChronoUnit.MILLIS).atOffset(ZoneOffset.UTC);
        String hash = Credentials.tokenHash(token);
        return pool.withTransaction(conn -> conn.preparedQuery(
                "insert into keys.accounts (id, origin, created_at) values ($1, $2, $3) on conflict (id) do nothing")
                .execute(Tuple.of(accountId, Account.ORIGIN_BOOTSTRAP, now))
                .chain(() -> conn.preparedQuery("""
                        insert into keys.api_tokens (id, account_id, name, token_hash, scopes, created_at)
                        values ($1, $2, 'bootstrap', $3, $4, $5)
                        on conflict (token_hash) do update
                           set scopes = excluded.scopes, expires_at = null
                         where keys.api_tokens.account_id = excluded.account_id
                        returning revoked_at""")
                        .execute(Tuple.of(tokenId(accountId), accountId, hash, Scope.join(Scope.ALL), now)))
                .chain(rows -> {
                    if (rows.rowCount() == 0) {
                        LOG.warnf("EDGE_BOOTSTRAP_TOKEN is already a token of another account; it was left unchanged");
                    } else if (rows.iterator().next().getValue("revoked_at") != null) {
                        LOG.warnf("The bootstrap token of %s is revoked and stays revoked; configure a new "
                                + "EDGE_BOOTSTRAP_TOKEN to issue another", accountId);
                    }
                    return Uni.createFrom().voidItem();
                }))
                .onFailure(e -> e.getMessage() != null && e.getMessage().contains("api_tokens_pkey"))
                .recoverWithUni(() -> replaceBootstrapToken(accountId, hash, now));
    }

    /**
     * The bootstrap token changed (new EDGE_BOOTSTRAP_TOKEN): the old value stops working, announced as a
     * token revocation so no gateway keeps trusting it from its cache.
     */
    private Uni<Void> replaceBootstrapToken(String accountId, String hash, OffsetDateTime now) {
        String id = tokenId(accountId);
        UUID eventId = UUID.randomUUID();
        String event = events.tokenRevoked(eventId, id, accountId, now.toInstant());
        return pool.withTransaction(conn -> conn.preparedQuery("""
                update keys.api_tokens set token_hash = $1, scopes = $2, revoked_at = null, expires_at = null,
                       created_at = $3 where id = $4""")
                .execute(Tuple.of(hash, Scope.join(Scope.ALL), now, id))
                .chain(() -> conn.preparedQuery("""
                        insert into keys.outbox (event_id, event_type, aggregate_id, payload, created_at)
                        values ($1, $2, $3, $4, $5)""")
                        .execute(Tuple.of(eventId, KeyEvents.TOKEN_REVOKED, id, event, now))))
                .invoke(() -> LOG.infof("The bootstrap token of %s was replaced by the configured one", accountId))
                .replaceWithVoid();
    }

    /** One bootstrap token per account, with a stable id; ids of other tokens are random. */
    static String tokenId(String accountId) {
        String suffix = Credentials.tokenHash("bootstrap:" + accountId).substring(0, 16);
        return "tok_b" + suffix;
    }
}
