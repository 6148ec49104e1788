package io.edgestorage.keys.service;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

import jakarta.enterprise.context.ApplicationScoped;

import io.edgestorage.common.problem.ProblemException;
import io.edgestorage.keys.AccessKey;
import io.edgestorage.keys.Account;
import io.edgestorage.keys.Credentials;
import io.edgestorage.keys.SecretCipher;
import io.edgestorage.keys.repository.AccessKeyRepository;
import io.edgestorage.keys.repository.AccountRepository;
import io.edgestorage.sigv4.CredentialScope;
import io.edgestorage.sigv4.SigningKey;
import io.edgestorage.sigv4.v2.SigV2;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * What verifiers and the presigner get instead of secrets: derived SigV4 signing keys
 * ({@code SigningKey.derive}), and SigV2 verdicts computed here ({@code SigV2.verify}, constant time). The decrypted secret lives only for the duration of one call.
 */
@ApplicationScoped
public class SigningKeyService {

    private final AccessKeyRepository keys;
    private final AccountRepository accounts;
    private final AccessKeyService accessKeys;
    private final SecretCipher cipher;
    private final UsageRecorder usage;
    private final Clock clock;

    public SigningKeyService(AccessKeyRepository keys, AccountRepository accounts, AccessKeyService accessKeys,
            SecretCipher cipher, UsageRecorder usage, Clock clock) {
        this.keys = keys;
        this.accounts = accounts;
        this.accessKeys = accessKeys;
        this.cipher = cipher;
        this.usage = usage;
        this.clock = clock;
    }

    /** A derived key and what a verifier caches with it. {@link #toString()} hides the key. */
    public record Grant(AccessKey key, CredentialScope scope, String signingKeyHex) {
        @Override
        public String toString() {
            return "Grant[" + key + ", " + scope + ", signingKey=<redacted>]";
        }
    }

    public record SigV2Verdict(boolean valid, AccessKey key) {
    }

    public Uni<Grant> signingKey(String accessKeyId, CredentialScope scope) {
        return Panache.withSession(() -> activeKey(accessKeyId)).map(key -> grant(key, scope));
    }

    /**
     * The account's key for presigning: the named one if {@code keyId} is given (it must be the
     * account's and active), else the most recently created active key; with none, a key named
     * {@code presign} is created (and announced) first.
     */
    public Uni<Grant> presignKey(String accountId, CredentialScope scope, String keyId) {
        if (keyId != null && !keyId.isBlank()) {
            return Panache.withSession(() -> activeKey(keyId)).map(key -> {
                if (!key.accountId.equals(accountId)) {
                    throw AccessKeyService.noSuchKey(keyId);
                }
                return grant(key, scope);
            });
        }
        return Panache.withSession(() -> keys.newestActive(accountId)).chain(existing -> {
            if (existing != null) {
                return Uni.createFrom().item(grant(existing, scope));
            }
            // Lock the account row so concurrent first presigns create one key, not several.
            return Panache.withTransaction(() -> accounts.ensureLocked(accountId, Account.ORIGIN_IMPLICIT, now())
                    .chain(account -> keys.newestActive(accountId))
                    .chain(key -> key != null
                            ? Uni.createFrom().item(key)
                            : accessKeys.insertKey(accountId, AccessKeyService.PRESIGN_KEY_NAME).map(AccessKeyService.IssuedKey::key)))
                    .invoke(() -> accessKeys.afterCommit())
                    .map(key -> grant(key, scope));
        });
    }

    public Uni<SigV2Verdict> verifySigV2(String accessKeyId, String stringToSign, String signature) {
        return Panache.withSession(() -> activeKey(accessKeyId)).map(key -> {
            String secret = cipher.open(key.masterKeyId, key.secretCiphertext, key.accessKeyId);
            boolean valid = SigV2.verify(secret, stringToSign, signature.trim());
            if (valid) {
                usage.accessKeyUsed(key.accessKeyId, now());
            }
            return new SigV2Verdict(valid, key);
        });
    }

    private Uni<AccessKey> activeKey(String accessKeyId) {
        if (!Credentials.isAccessKeyId(accessKeyId)) {
            return Uni.createFrom().failure(unknown(accessKeyId));
        }
        return keys.findById(accessKeyId).map(key -> {
            if (key == null) {
                throw unknown(accessKeyId);
            }
            if (!key.isActive()) {
                throw ProblemException.notFound("access-key-revoked", "Access key " + accessKeyId + " is revoked");
            }
            return key;
        });
    }

    private Grant grant(AccessKey key, CredentialScope scope) {
        String secret = cipher.open(key.masterKeyId, key.secretCiphertext, key.accessKeyId);
        SigningKey derived = SigningKey.derive(secret, scope);
        usage.accessKeyUsed(key.accessKeyId, now());
        return new Grant(key, scope, HexFormat.of().formatHex(derived.bytes()));
    }

    private static ProblemException unknown(String accessKeyId) {
        return ProblemException.notFound("unknown-access-key", "No access key " + accessKeyId);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
