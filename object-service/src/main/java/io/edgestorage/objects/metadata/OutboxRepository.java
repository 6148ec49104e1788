package io.edgestorage.objects.metadata;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * {@code objects.outbox}: events written in the transaction of the change they announce, and what the relay
 * needs to move them to Kafka (one relay at a time across replicas, by an advisory lock).
 */
@ApplicationScoped
public class OutboxRepository {

    /** The channel writers notify at commit; every replica's relay listens on it. */
    public static final String CHANNEL = "objects_outbox";
    /** "objs" as a number: the advisory lock of the relay (key-service's relay takes another one). */
    static final long RELAY_LOCK = 0x6f626a73L;

    private final Pool pool;

    public OutboxRepository(Pool pool) {
        this.pool = pool;
    }

    /** An event to announce: its CloudEvents id, type, Kafka record key and JSON. */
    public record OutboxEvent(UUID eventId, String type, String recordKey, String payload) {
    }

    /** An unpublished row. */
    public record Pending(long id, OutboxEvent event) {
    }

    /**
     * Appends {@code event} in the caller's transaction and wakes every relay when it commits (a notification
     * is delivered at commit only, so no relay looks before the row is visible).
     */
    public Uni<Void> append(SqlClient tx, OutboxEvent event) {
        return tx.preparedQuery("WITH appended AS (INSERT INTO objects.outbox (event_id, event_type, record_key,"
                + " payload) VALUES ($1, $2, $3, $4) RETURNING id) SELECT pg_notify('" + CHANNEL + "', '') FROM appended")
                .execute(Tuple.of(event.eventId(), event.type(), event.recordKey(), event.payload()))
                .replaceWithVoid();
    }

    /**
     * Runs {@code work} in a transaction holding the relay lock, or answers null without running it when another
     * relay holds the lock. The lock ends with the transaction, so a relay that dies releases it.
     */
    public <T> Uni<T> underRelayLock(Function<SqlConnection, Uni<T>> work) {
        return pool.withTransaction(conn -> conn.preparedQuery("SELECT pg_try_advisory_xact_lock($1)")
                .execute(Tuple.of(RELAY_LOCK))
                .chain(rows -> rows.iterator().next().getBoolean(0) ? work.apply(conn) : Uni.createFrom().nullItem()));
    }

    /** The oldest unpublished rows, in the order they were written. */
    public Uni<List<Pending>> pending(SqlConnection conn, int limit) {
        return conn.preparedQuery("SELECT id, event_id, event_type, record_key, payload FROM objects.outbox"
                + " WHERE published_at IS NULL ORDER BY id LIMIT $1").execute(Tuple.of(limit)).map(rows -> {
                    List<Pending> out = new ArrayList<>(rows.size());
                    for (Row r : rows) {
                        out.add(new Pending(r.getLong("id"), new OutboxEvent(r.getUUID("event_id"),
                                r.getString("event_type"), r.getString("record_key"), r.getString("payload"))));
                    }
                    return out;
                });
    }

    public Uni<Void> markPublished(SqlConnection conn, List<Long> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return conn.preparedQuery("UPDATE objects.outbox SET published_at = now() WHERE id = ANY($1)")
                .execute(Tuple.of(ids.toArray(new Long[0]))).replaceWithVoid();
    }

    /** Deletes published rows older than {@code retention}; an unpublished row is never deleted. */
    public Uni<Integer> prunePublished(Duration retention) {
        return pool.preparedQuery("DELETE FROM objects.outbox WHERE published_at < now() - make_interval(secs => $1)")
                .execute(Tuple.of((double) retention.toSeconds())).map(rows -> rows.rowCount());
    }
}
