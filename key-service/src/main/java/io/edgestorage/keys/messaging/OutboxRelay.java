package io.edgestorage.keys.messaging;

import java.util.ArrayList;
import java.util.List;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Moves outbox rows to Kafka: in one transaction holding a PostgreSQL advisory lock (one relay at a
 * time across replicas, so order per key holds), reads the oldest unpublished rows in id order,
 * publishes them one after another (each acknowledged before the next), and stamps the published
 * ones. A failed publish stops the batch: the rows before it are stamped, it and the rest stay for the
 * next attempt. A crash between publish and stamp re-publishes: delivery is at least once.
 */
public final class OutboxRelay {

    /** "keys" as a number: the advisory lock every relay of every replica takes. */
    static final long LOCK_ID = 0x6b657973L;

    private final Pool pool;
    private final KeyEventPublisher publisher;
    private final int batchSize;

    public OutboxRelay(Pool pool, KeyEventPublisher publisher, int batchSize) {
        this.pool = pool;
        this.publisher = publisher;
        this.batchSize = batchSize;
    }

    /**
     * @param published   rows published and stamped
     * @param more        a full batch was read: call again
     * @param busy        another relay holds the lock
     * @param failure     the publish that stopped the batch, or null
     */
    public record Drain(int published, boolean more, boolean busy, Throwable failure) {
    }

    private record Pending(long id, String key, String payload) {
    }

    /** One batch. Fails only if PostgreSQL does; a Kafka failure is reported in {@link Drain#failure()}. */
    public Uni<Drain> drainOnce() {
        return pool.withTransaction(conn -> conn.preparedQuery("select pg_try_advisory_xact_lock($1)")
                .execute(Tuple.of(LOCK_ID))
                .chain(rs -> {
                    if (!rs.iterator().next().getBoolean(0)) {
                        return Uni.createFrom().item(new Drain(0, false, true, null));
                    }
                    return conn.preparedQuery("select id, aggregate_id, payload from keys.outbox "
                            + "where published_at is null order by id limit $1")
                            .execute(Tuple.of(batchSize))
                            .chain(rows -> {
                                List<Pending> pending = new ArrayList<>();
                                for (Row row : rows) {
                                    pending.add(new Pending(row.getLong("id"), row.getString("aggregate_id"),
                                            row.getString("payload")));
                                }
                                return publishInOrder(pending, 0, new ArrayList<>(), null)
                                        .chain(done -> stamp(conn, done.ids)
                                                .map(n -> new Drain(done.ids.size(),
                                                        done.failure == null && pending.size() == batchSize, false,
                                                        done.failure)));
                            });
                }));
    }

    private record Published(List<Long> ids, Throwable failure) {
    }

    private Uni<Published> publishInOrder(List<Pending> rows, int index, List<Long> done, Throwable failure) {
        if (index == rows.size()) {
            return Uni.createFrom().item(new Published(done, null));
        }
        Pending row = rows.get(index);
        return publisher.publish(row.key(), row.payload())
                .onItemOrFailure().transformToUni((ok, error) -> {
                    if (error != null) {
                        return Uni.createFrom().item(new Published(done, error));
                    }
                    done.add(row.id());
                    return publishInOrder(rows, index + 1, done, null);
                });
    }

    private static Uni<Integer> stamp(SqlConnection conn, List<Long> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return conn.preparedQuery("update keys.outbox set published_at = now() where id = any($1)")
                .execute(Tuple.of(ids.toArray(new Long[0])))
                .map(rs -> rs.rowCount());
    }
}
