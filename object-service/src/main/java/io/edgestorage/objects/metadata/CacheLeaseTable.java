package io.edgestorage.objects.metadata;

import java.util.HashMap;
import java.util.Map;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/**
 * The lease table {@code objects.cache_replicas}: a replica whose metadata cache serves holds a lease there,
 * and a writer waits for every other replica holding one. Leases are taken, renewed and given back on the
 * change feed's listening connection; writers read the table through the pool when they have no view of
 * it young enough. Times are local {@link System#nanoTime()} instants; each deadline read from the table
 * includes a margin for clock rates, so the lease ended in the database no later than that.
 *
 * <p>{@link #latest()} may be read on any thread; everything else runs on the change feed's context.
 */
final class CacheLeaseTable {

    private static final String RENEW = "WITH prev AS (SELECT lease_until > now() AS held "
            + "FROM objects.cache_replicas WHERE replica_id = $1), "
            + "renewed AS (INSERT INTO objects.cache_replicas (replica_id, process_id, lease_until) "
            + "VALUES ($1, $2, now() + $3::int8 * interval '1 millisecond') "
            + "ON CONFLICT (replica_id) DO UPDATE SET lease_until = EXCLUDED.lease_until RETURNING 1), "
            + "expired AS (DELETE FROM objects.cache_replicas WHERE lease_until < now() - interval '1 minute' "
            + "RETURNING 1) "
            + "SELECT NULL::text, NULL::int8, coalesce((SELECT held FROM prev), false) "
            + "UNION ALL SELECT replica_id, (extract(epoch FROM lease_until - now()) * 1000)::int8, NULL "
            + "FROM objects.cache_replicas WHERE lease_until > now() AND process_id <> $2";

    private static final String OTHERS = "SELECT replica_id, (extract(epoch FROM lease_until - now()) * 1000)::int8 "
            + "FROM objects.cache_replicas WHERE lease_until > now() AND process_id <> $1";

    private static final String RELEASE = "DELETE FROM objects.cache_replicas WHERE replica_id = $1";

    /** The other replicas a writer must wait for (replica → local deadline), as seen by a query sent at {@code sentAt}. */
    record View(long sentAt, Map<String, Long> deadlines) {
    }

    /** A renewal's answer: whether this replica's lease was still running when renewed, and the others. */
    record Renewal(boolean wasHeld, View others) {
    }

    private final Pool pool;
    private final String processId;
    private final long lease;
    private final long viewMaxAge;

    private volatile View latest;
    private Future<View> viewInFlight;

    /**
     * @param processId  this process: its own replicas are never among the others
     * @param lease      how long a lease lasts (nanoseconds)
     * @param viewMaxAge how old a view may be and still stand for the table (nanoseconds)
     */
    CacheLeaseTable(Pool pool, String processId, long lease, long viewMaxAge) {
        this.pool = pool;
        this.processId = processId;
        this.lease = lease;
        this.viewMaxAge = viewMaxAge;
    }

    /** The last view read on the listening connection, or null. */
    View latest() {
        return latest;
    }

    /** Whether the latest view, young enough at {@code at}, shows no other replica holding a lease. */
    boolean nobodyElseHolds(long at) {
        View v = latest;
        return v != null && at - v.sentAt() < viewMaxAge && v.deadlines().isEmpty();
    }

    /** Takes or extends {@code replicaId}'s lease for one lease, and reads the others'. */
    Future<Renewal> renew(SqlClient listening, String replicaId) {
        long sent = System.nanoTime();
        return listening.preparedQuery(RENEW).execute(Tuple.of(replicaId, processId, lease / 1_000_000)).map(rows -> {
            boolean held = false;
            Map<String, Long> others = new HashMap<>();
            long received = System.nanoTime();
            for (Row row : rows) {
                if (row.getString(0) == null) {
                    held = row.getBoolean(2);
                } else {
                    others.put(row.getString(0), deadline(received, row.getLong(1)));
                }
            }
            View view = new View(sent, others);
            latest = view;
            return new Renewal(held, view);
        });
    }

    /** Reads the other replicas' leases on the listening connection, for a replica that holds none. */
    Future<View> refresh(SqlClient listening) {
        return others(listening).onSuccess(v -> latest = v);
    }

    /** A view taken no longer than the allowed age before {@code writtenAt}: the latest, else a fresh one. */
    Future<View> viewAfter(long writtenAt) {
        View v = latest;
        if (v != null && writtenAt - v.sentAt() < viewMaxAge) {
            return Future.succeededFuture(v);
        }
        if (viewInFlight == null) {
            viewInFlight = others(pool).onComplete(ar -> viewInFlight = null);
        }
        return viewInFlight;
    }

    /** A view read now, through the pool. */
    Future<View> query() {
        return others(pool);
    }

    /** Gives {@code replicaId}'s lease back, so writers stop waiting for it at once. */
    Future<RowSet<Row>> release(SqlClient listening, String replicaId) {
        return listening.preparedQuery(RELEASE).execute(Tuple.of(replicaId));
    }

    private Future<View> others(SqlClient client) {
        long sent = System.nanoTime();
        return client.preparedQuery(OTHERS).execute(Tuple.of(processId)).map(rows -> {
            long received = System.nanoTime();
            Map<String, Long> others = new HashMap<>();
            rows.forEach(row -> others.put(row.getString(0), deadline(received, row.getLong(1))));
            return new View(sent, others);
        });
    }

    private long deadline(long received, long remainingMillis) {
        return received + remainingMillis * 1_000_000 + lease / 20;
    }
}
