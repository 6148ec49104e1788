package io.edgestorage.keys.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.edgestorage.keys.AccessKey;
import io.edgestorage.keys.SecretCipher;
import io.edgestorage.keys.repository.AccessKeyRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Master key rotation, step two: re-seals every secret still under an older master key with the
 * current one, in small transactions (rows locked FOR UPDATE, so it runs safely beside live traffic
 * and can be repeated). Secrets, versions and events are unchanged: this is not a key rotation.
 */
@ApplicationScoped
public class ReEncryptService {

    private static final Logger LOG = Logger.getLogger(ReEncryptService.class);
    static final int BATCH = 100;

    private final AccessKeyRepository keys;
    private final SecretCipher cipher;

    public ReEncryptService(AccessKeyRepository keys, SecretCipher cipher) {
        this.keys = keys;
        this.cipher = cipher;
    }

    public record Result(String masterKeyId, long reencrypted, long remaining) {
    }

    public Uni<Result> reEncryptAll() {
        return loop(0);
    }

    private Uni<Result> loop(long doneSoFar) {
        return Panache.withTransaction(() -> keys.sealedUnderOtherKey(cipher.currentMasterKeyId(), BATCH)
                .map(this::reseal))
                .chain(n -> {
                    if (n == BATCH) {
                        return loop(doneSoFar + n);
                    }
                    long total = doneSoFar + n;
                    return Panache.withSession(() -> keys.countSealedUnderOtherKey(cipher.currentMasterKeyId()))
                            .map(remaining -> {
                                LOG.infof("Re-encrypted %d secret(s) under master key %s; %d remain under older keys",
                                        total, cipher.currentMasterKeyId(), remaining);
                                return new Result(cipher.currentMasterKeyId(), total, remaining);
                            });
                });
    }

    private int reseal(List<AccessKey> batch) {
        for (AccessKey key : batch) {
            String secret = cipher.open(key.masterKeyId, key.secretCiphertext, key.accessKeyId);
            SecretCipher.Sealed sealed = cipher.seal(secret, key.accessKeyId);
            key.secretCiphertext = sealed.ciphertext();
            key.masterKeyId = sealed.masterKeyId();
        }
        return batch.size();
    }
}
