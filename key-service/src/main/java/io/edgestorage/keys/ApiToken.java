package io.edgestorage.keys;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A platform API token. Only the SHA-256 of the token is stored; the value is shown once. */
@Entity
@Table(name = "api_tokens")
public class ApiToken extends PanacheEntityBase {

    @Id
    @Column(name = "id")
    public String id;

    @Column(name = "account_id")
    public String accountId;

    @Column(name = "name")
    public String name;

    @Column(name = "token_hash")
    public String tokenHash;

    /** Space-separated, as in OAuth 2.0. */
    @Column(name = "scopes")
    public String scopes;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    @Column(name = "last_used_at")
    public Instant lastUsedAt;

    public boolean isLive(Instant now) {
        return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
    }

    @Override
    public String toString() {
        return "ApiToken[" + id + ", account=" + accountId + "]";
    }
}
