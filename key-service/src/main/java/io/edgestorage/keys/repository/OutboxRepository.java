package io.edgestorage.keys.repository;

import jakarta.enterprise.context.ApplicationScoped;

import io.edgestorage.keys.OutboxEvent;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;

/** Writes outbox rows inside the caller's transaction; reading and publishing is the relay's job. */
@ApplicationScoped
public class OutboxRepository implements PanacheRepositoryBase<OutboxEvent, Long> {
}
