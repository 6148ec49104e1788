package io.edgestorage.keys.service;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.edgestorage.common.problem.ProblemException;
import io.edgestorage.keys.AccessKey;
import io.edgestorage.keys.Account;
import io.edgestorage.keys.Credentials;
import io.edgestorage.keys.KeyEvents;
import io.edgestorage.keys.OutboxEvent;
import io.edgestorage.keys.SecretCipher;
import io.edgestorage.keys.messaging.OutboxRelayRunner;
import io.edgestorage.keys.repository.AccessKeyRepository;
import io.edgestorage.keys.repository.AccountRepository;
import io.edgestorage.keys.repository.OutboxRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Access keys of an account: create, list, rotate, revoke. Every change commits together with its
 * outbox row, and the relay is woken right after the commit; rotate and revoke answer once their
 * event is on Kafka (bounded by {@code edge.keys.events.publish-wait}).
 */
@ApplicationScoped
public class AccessKeyService {

    public static final String PRESIGN_KEY_NAME = "presign";

    private final AccessKeyRepository keys;
    private final AccountRepository accounts;
    private final OutboxRepository outbox;
    private final SecretCipher cipher;
    private final KeyEvents events;
    private final OutboxRelayRunner relay;
    private final Clock clock;

    public AccessKeyService(AccessKeyRepository keys, AccountRepository accounts, OutboxRepository outbox,
            SecretCipher cipher, KeyEvents events, OutboxRelayRunner relay, Clock clock) {
        this.keys = keys;
        this.accounts = accounts;
        this.outbox = outbox;
        this.cipher = cipher;
        this.events = events;
        this.relay = relay;
        this.clock = clock;
    }

    /** A key together with its secret: only ever returned by create and rotate. */
    public record IssuedKey(AccessKey key, String secretAccessKey) {
        @Override
        public String toString() {
            return "IssuedKey[" + key + ", secret=<redacted>]";
        }
    }

    public Uni<List<AccessKey>> list(String accountId) {
        return Panache.withSession(() -> keys.listByAccount(accountId));
    }

    public Uni<IssuedKey> create(String accountId, String name) {
        return Panache.withTransaction(() -> accounts.ensure(accountId, Account.ORIGIN_IMPLICIT, now())
                .chain(ignored -> insertKey(accountId, name)))
                .invoke(relay::trigger);
    }

    /** Inside the caller's transaction: a new active key plus its {@code created} event. */
    Uni<IssuedKey> insertKey(String accountId, String name) {
        Instant now = now();
        AccessKey key = new AccessKey();
        key.accessKeyId = Credentials.newAccessKeyId();
        key.accountId = accountId;
        key.name = name;
        key.status = AccessKey.ACTIVE;
        key.keyVersion = 1;
        key.createdAt = now;
        String secret = Credentials.newSecretAccessKey();
        seal(key, secret);
        return keys.persist(key)
                .chain(k -> outbox.persist(event(KeyEvents.CREATED, k, now)))
                .replaceWith(() -> new IssuedKey(key, secret));
    }

    public Uni<IssuedKey> rotate(String accountId, String accessKeyId) {
        return Panache.withTransaction(() -> ownedForUpdate(accountId, accessKeyId).chain(key -> {
            if (!key.isActive()) {
                throw ProblemException.conflict("access-key-revoked",
                        "Access key " + accessKeyId + " is revoked and cannot be rotated");
            }
            Instant now = now();
            String secret = Credentials.newSecretAccessKey();
            seal(key, secret);
            key.keyVersion += 1;
            key.rotatedAt = now;
            return outbox.persist(event(KeyEvents.ROTATED, key, now)).replaceWith(() -> new IssuedKey(key, secret));
        })).call(relay::published);
    }

    /** Revokes for good. Revoking a revoked key again changes nothing and publishes nothing. */
    public Uni<Void> revoke(String accountId, String accessKeyId) {
        return Panache.withTransaction(() -> ownedForUpdate(accountId, accessKeyId).chain(key -> {
            if (!key.isActive()) {
                return Uni.createFrom().voidItem();
            }
            Instant now = now();
            key.status = AccessKey.REVOKED;
            key.revokedAt = now;
            return outbox.persist(event(KeyEvents.REVOKED, key, now)).replaceWithVoid();
        })).call(relay::published);
    }

    /** Wakes the outbox relay; call after a transaction that may have written outbox rows has committed. */
    public void afterCommit() {
        relay.trigger();
    }

    private Uni<AccessKey> ownedForUpdate(String accountId, String accessKeyId) {
        if (!Credentials.isAccessKeyId(accessKeyId)) {
            return Uni.createFrom().failure(noSuchKey(accessKeyId));
        }
        return keys.findForUpdate(accessKeyId).map(key -> {
            if (key == null || !key.accountId.equals(accountId)) {
                throw noSuchKey(accessKeyId);
            }
            return key;
        });
    }

    static ProblemException noSuchKey(String accessKeyId) {
        return ProblemException.notFound("no-such-access-key", "No access key " + accessKeyId + " in this account");
    }

    private void seal(AccessKey key, String secret) {
        SecretCipher.Sealed sealed = cipher.seal(secret, key.accessKeyId);
        key.secretCiphertext = sealed.ciphertext();
        key.masterKeyId = sealed.masterKeyId();
    }

    private OutboxEvent event(String type, AccessKey key, Instant at) {
        OutboxEvent e = new OutboxEvent();
        e.eventId = UUID.randomUUID();
        e.eventType = type;
        e.aggregateId = key.accessKeyId;
        e.payload = events.keyEvent(e.eventId, type, key.accessKeyId, key.accountId, key.keyVersion, at);
        e.createdAt = at;
        return e;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
