package io.edgestorage.keys;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/**
 * An S3 access key. The secret is only ever held encrypted ({@link #secretCiphertext} under the master
 * key {@link #masterKeyId}); {@link #keyVersion} grows by one on every rotation.
 */
@Entity
@Table(name = "access_keys")
public class AccessKey extends PanacheEntityBase {

    public static final String ACTIVE = "active";
    public static final String REVOKED = "revoked";

    @Id
    @Column(name = "access_key_id")
    public String accessKeyId;

    @Column(name = "account_id")
    public String accountId;

    @Column(name = "name")
    public String name;

    @Column(name = "status")
    public String status;

    @Column(name = "key_version")
    public int keyVersion;

    @Column(name = "secret_ciphertext")
    public byte[] secretCiphertext;

    @Column(name = "master_key_id")
    public String masterKeyId;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "rotated_at")
    public Instant rotatedAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    @Column(name = "last_used_at")
    public Instant lastUsedAt;

    public boolean isActive() {
        return ACTIVE.equals(status);
    }

    @Override
    public String toString() {
        return "AccessKey[" + accessKeyId + ", account=" + accountId + ", v" + keyVersion + ", " + status + "]";
    }
}
