package io.edgestorage.keys;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A tenant: every access key and API token belongs to exactly one account. */
@Entity
@Table(name = "accounts")
public class Account extends PanacheEntityBase {

    /** How the account came into being: {@code bootstrap}, {@code admin} or {@code implicit} (an OIDC principal). */
    public static final String ORIGIN_BOOTSTRAP = "bootstrap";
    public static final String ORIGIN_ADMIN = "admin";
    public static final String ORIGIN_IMPLICIT = "implicit";

    @Id
    @Column(name = "id")
    public String id;

    @Column(name = "origin")
    public String origin;

    @Column(name = "created_at")
    public Instant createdAt;
}
