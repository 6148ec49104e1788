package io.edgestorage.objects.metadata;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Function;

import org.jboss.logging.Logger;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.PgNotification;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

/**
 * Keeps one replica's {@link MetadataCache} coherent with PostgreSQL and with the other replicas, so a GET
 * served from the cache never returns what an acknowledged write replaced (decision 011).
 *
 * <ul>
 * <li>A trigger announces every committed change of an object row on {@value #OBJECTS_CHANNEL}; this
 * replica listens on one connection of its own and drops the announced keys.</li>
 * <li>The cache serves only while this replica holds a lease in {@code objects.cache_replicas}, renewed on
 * that same connection, so a replica that stopped listening stops being waited for once its lease ends. A
 * replica takes a lease only while GETs use its cache and gives it back after three leases without one, so
 * write-only replicas cost other writers nothing.</li>
 * <li>A write, after its commit, drops its keys here and then, if other replicas hold leases, announces a
 * barrier on {@value #SYNC_CHANNEL} and completes only when each of them has answered it (it answers
 * after dropping everything announced before the barrier) or its lease has ended.</li>
 * <li>A replica that (re)gains its lease clears its cache and waits longer than a writer's view of the
 * lease table may be old before it serves again, so no writer can have missed it.</li>
 * </ul>
 *
 * All state is confined to one Vert.x context; {@link #written} may be called from any thread.
 */
public final class ChangeFeed<K> {

    static final String OBJECTS_CHANNEL = "edge_objects";
    static final String SYNC_CHANNEL = "edge_cache_sync";

    private static final Logger LOG = Logger.getLogger(ChangeFeed.class);

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

    private static final String VIEW = "SELECT replica_id, (extract(epoch FROM lease_until - now()) * 1000)::int8 "
            + "FROM objects.cache_replicas WHERE lease_until > now() AND process_id <> $1";

    /** The other replicas a writer must wait for, as seen by a query sent at {@code sentAt}. */
    record View(long sentAt, Map<String, Long> deadlines) {
    }

    /** A write waiting for the replicas still in {@code pending} (replica → local deadline). */
    private static final class Wait {
        long barrier;
        final long startedAt;
        final Map<String, Long> pending;
        final Promise<Void> done;

        Wait(long barrier, long startedAt, Map<String, Long> pending, Promise<Void> done) {
            this.barrier = barrier;
            this.startedAt = startedAt;
            this.pending = pending;
            this.done = done;
        }
    }

    private final Vertx vertx;
    private final Context context;
    private final PgConnectOptions options;
    private final Pool pool;
    private final MetadataCache<K, ?> cache;
    private final Function<String, K> keyOf;
    private final String processId = ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);

    private final long lease;
    private final long renewEvery;
    private final long viewMaxAge;
    private final long joinDelay;
    private final long localValidity;
    private final long idleRelease;

    // Read by serving() on any thread.
    private volatile boolean listening;
    private volatile boolean leaseHeld;
    private volatile long leaseValidUntil;
    private volatile long enableAt;
    private volatile View view;

    // Confined to context.
    private volatile PgConnection conn;
    private String sessionId;
    private int sessions;
    private boolean connecting;
    private boolean renewing;
    private boolean stopped;
    private long periodic = -1;
    private long lookupsSeen;
    private long lastLookupAt;
    private long barrierSeq;
    private boolean barrierScheduled;
    private final Map<String, Long> acksToSend = new HashMap<>();
    private boolean acksScheduled;
    private final Map<String, Long> acked = new HashMap<>();
    private final List<Wait> waits = new ArrayList<>();
    private long waitTimer = -1;
    private boolean rechecking;
    private Future<View> viewInFlight;

    /**
     * @param options the listening connection's database (it also renews the lease, announces barriers and answers them)
     * @param pool    for fresh views of the lease table while the listening connection is down
     * @param lease   how long a lease lasts; a write waits at most about this long for a replica that stopped answering
     * @param keyOf   the cache key of an announced change ({@code <bucket>/<key>}); "*" clears everything
     */
    public ChangeFeed(Vertx vertx, PgConnectOptions options, Pool pool, MetadataCache<K, ?> cache, Duration lease,
            Function<String, K> keyOf) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.options = new PgConnectOptions(options).setCachePreparedStatements(true);
        this.pool = pool;
        this.cache = cache;
        this.keyOf = keyOf;
        this.lease = lease.toNanos();
        this.renewEvery = this.lease / 3;
        this.viewMaxAge = this.lease / 2;
        this.joinDelay = this.lease * 2 / 3; // longer than viewMaxAge: see the class comment
        this.localValidity = this.lease * 9 / 10;
        this.idleRelease = this.lease * 3;
        this.lastLookupAt = System.nanoTime() - idleRelease;
        cache.servingWhen(this::serving);
        context.runOnContext(x -> {
            periodic = vertx.setPeriodic(Math.max(1, renewEvery / 1_000_000), id -> tick());
            tick();
        });
    }

    /** Whether the cache may answer: listening, lease held, and past the join delay. */
    public boolean serving() {
        long now = System.nanoTime();
        return listening && leaseHeld && now - leaseValidUntil < 0 && now - enableAt >= 0;
    }

    /** Whether this replica holds a cache lease (writes elsewhere wait for it). */
    boolean holdsLease() {
        return leaseHeld;
    }

    /** The PostgreSQL backend of the listening connection, or -1 (for tests that cut it). */
    int listeningBackend() {
        PgConnection c = conn;
        return c == null ? -1 : c.processId();
    }

    /**
     * Called after a write committed (or may have): drops the keys here and completes once every other
     * replica holding a lease has dropped them too, or its lease has ended. Never fails.
     */
    public Future<Void> written(Collection<K> keys) {
        for (K key : keys) {
            cache.invalidate(key);
        }
        View v = view;
        long now = System.nanoTime();
        if (v != null && now - v.sentAt() < viewMaxAge && v.deadlines().isEmpty()) {
            return Future.succeededFuture();
        }
        Context caller = Vertx.currentContext();
        Promise<Void> done = caller instanceof ContextInternal c ? c.promise() : Promise.promise();
        context.runOnContext(x -> awaitOthers(done, now));
        return done.future();
    }

    /** Stops listening and gives the lease back, so writers stop waiting for this replica at once. */
    public Future<Void> stop() {
        Promise<Void> done = Promise.promise();
        context.runOnContext(x -> {
            stopped = true;
            vertx.cancelTimer(periodic);
            listening = false;
            PgConnection c = conn;
            if (c == null) {
                done.complete();
                return;
            }
            c.preparedQuery("DELETE FROM objects.cache_replicas WHERE replica_id = $1").execute(Tuple.of(sessionId))
                    .transform(ar -> c.close()).onComplete(ar -> done.complete());
        });
        return done.future();
    }

    private void tick() {
        if (stopped) {
            return;
        }
        long now = System.nanoTime();
        long lookups = cache.lookups();
        if (lookups != lookupsSeen) {
            lookupsSeen = lookups;
            lastLookupAt = now;
        }
        boolean wanted = cache.enabled() && now - lastLookupAt < idleRelease;
        if (conn == null) {
            if (!connecting) {
                connect();
            }
        } else if (!renewing) {
            if (wanted) {
                renew();
            } else {
                if (leaseHeld) {
                    release();
                }
                refreshView();
            }
        }
    }

    /**
     * The cache went unused for a while: give the lease back, so writes elsewhere stop waiting for this
     * replica (a write-only replica never holds one). The next lookup takes it again.
     */
    private void release() {
        leaseHeld = false;
        cache.invalidateAll();
        conn.preparedQuery("DELETE FROM objects.cache_replicas WHERE replica_id = $1").execute(Tuple.of(sessionId));
    }

    /** Without a lease of its own, a replica still needs a fresh view of the others for its writes. */
    private void refreshView() {
        onListeningConnection(VIEW, Tuple.of(processId), "reading the lease table",
                (sent, rows) -> view = toView(sent, rows));
    }

    /** A lease-table statement on the listening connection; a failure means starting over on a new one. */
    private void onListeningConnection(String sql, Tuple args, String what, BiConsumer<Long, RowSet<Row>> answered) {
        PgConnection c = conn;
        renewing = true;
        long sent = System.nanoTime();
        c.preparedQuery(sql).execute(args).onComplete(ar -> {
            if (conn != c) {
                return;
            }
            renewing = false;
            if (ar.failed()) {
                LOG.warnf("change feed: %s failed (%s); reconnecting", what, ar.cause().getMessage());
                c.close();
                return;
            }
            answered.accept(sent, ar.result());
        });
    }

    private void connect() {
        connecting = true;
        PgConnection.connect(vertx, options).onComplete(ar -> {
            if (ar.failed()) {
                connecting = false;
                LOG.debugf("change feed: cannot connect (%s); the metadata cache stays off", ar.cause().getMessage());
                return;
            }
            PgConnection c = ar.result();
            c.notificationHandler(this::onNotification);
            c.closeHandler(v -> lost(c));
            c.query("SET synchronous_commit = off; LISTEN " + OBJECTS_CHANNEL + "; LISTEN " + SYNC_CHANNEL)
                    .execute().onComplete(listen -> {
                        connecting = false;
                        if (listen.failed() || stopped) {
                            c.close();
                            return;
                        }
                        conn = c;
                        sessionId = processId + "-" + (++sessions);
                        listening = true;
                        if (!waits.isEmpty()) {
                            // barriers sent before the reconnection may have been answered unheard
                            long k = barrier();
                            waits.forEach(w -> w.barrier = k);
                        }
                        tick();
                    });
        });
    }

    /** The listening connection is gone: announcements may be missed from now on. */
    private void lost(PgConnection c) {
        if (conn != c) {
            return;
        }
        listening = false;
        leaseHeld = false;
        conn = null;
        renewing = false;
        cache.invalidateAll();
        if (!stopped) {
            LOG.info("change feed: listening connection lost; the metadata cache is off until it is back");
        }
    }

    private void renew() {
        onListeningConnection(RENEW, Tuple.of(sessionId, processId, lease / 1_000_000), "lease renewal",
                this::renewed);
    }

    private void renewed(long sent, RowSet<Row> rows) {
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
        view = new View(sent, others);
        boolean continuous = held && leaseHeld && sent - leaseValidUntil < 0;
        if (!continuous) {
            // writers may have skipped this replica while it held no lease: start empty, and serve only
            // once every writer's view of the lease table includes it
            cache.invalidateAll();
            enableAt = received + joinDelay;
        }
        leaseValidUntil = sent + localValidity;
        leaseHeld = true;
    }

    private long deadline(long received, long remainingMillis) {
        // a margin for clock rates; the lease ended in the database no later than this
        return received + remainingMillis * 1_000_000 + lease / 20;
    }

    private void onNotification(PgNotification n) {
        String payload = n.getPayload();
        if (OBJECTS_CHANNEL.equals(n.getChannel())) {
            if ("*".equals(payload)) {
                cache.invalidateAll();
            } else {
                K key = keyOf.apply(payload);
                if (key != null) {
                    cache.invalidate(key);
                }
            }
            return;
        }
        String[] parts = payload.split(" ");
        if (!wellFormedSync(parts)) {
            LOG.debugf("change feed: ignoring a malformed message on %s", SYNC_CHANNEL);
            return;
        }
        if (parts.length == 3 && "b".equals(parts[0]) && !processId.equals(parts[1])) {
            // every announcement before this barrier has been applied above: answer it
            acksToSend.merge(parts[1], Long.parseLong(parts[2]), Math::max);
            if (!acksScheduled) {
                acksScheduled = true;
                context.runOnContext(x -> sendAcks());
            }
        } else if (parts.length == 4 && "a".equals(parts[0]) && processId.equals(parts[2])) {
            acked.merge(parts[1], Long.parseLong(parts[3]), Math::max);
            settleWaits();
        }
    }

    /** A barrier {@code b <writer> <n>} or an answer {@code a <replica> <writer> <n>}; anyone can NOTIFY. */
    private static boolean wellFormedSync(String[] parts) {
        String seq = parts[parts.length - 1];
        return ((parts.length == 3 && "b".equals(parts[0])) || (parts.length == 4 && "a".equals(parts[0])))
                && !seq.isEmpty() && seq.length() < 19 && seq.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private void sendAcks() {
        acksScheduled = false;
        PgConnection c = conn;
        if (c == null || acksToSend.isEmpty()) {
            acksToSend.clear();
            return;
        }
        String[] payloads = acksToSend.entrySet().stream()
                .map(e -> "a " + sessionId + " " + e.getKey() + " " + e.getValue()).toArray(String[]::new);
        acksToSend.clear();
        c.preparedQuery("SELECT pg_notify('" + SYNC_CHANNEL + "', p) FROM unnest($1::text[]) AS p")
                .execute(Tuple.tuple().addArrayOfString(payloads)).onFailure(e -> {
                    // a writer would wait for this replica's lease to end: better to start over at once
                    LOG.warnf("change feed: answering a barrier failed (%s); reconnecting", e.getMessage());
                    c.close();
                });
    }

    private void awaitOthers(Promise<Void> done, long writtenAt) {
        currentView(writtenAt).onComplete(ar -> {
            if (ar.failed()) {
                // nobody can be asked: wait as long as any lease lasts
                LOG.warnf("change feed: cannot read the lease table (%s); waiting one lease", ar.cause().getMessage());
                vertx.setTimer(Math.max(1, lease / 1_000_000), id -> done.complete());
                return;
            }
            if (ar.result().deadlines().isEmpty()) {
                done.complete();
                return;
            }
            waits.add(new Wait(barrier(), System.nanoTime(), new HashMap<>(ar.result().deadlines()), done));
            settleWaits();
            if (waitTimer < 0 && !waits.isEmpty()) {
                waitTimer = vertx.setPeriodic(Math.max(1, lease / 30_000_000), id -> checkDeadlines());
            }
        });
    }

    /** A view taken after {@code writtenAt} minus the view's allowed age; queried if the last one is older. */
    private Future<View> currentView(long writtenAt) {
        View v = view;
        if (v != null && writtenAt - v.sentAt() < viewMaxAge) {
            return Future.succeededFuture(v);
        }
        if (viewInFlight == null) {
            long sent = System.nanoTime();
            viewInFlight = pool.preparedQuery(VIEW).execute(Tuple.of(processId)).map(rows -> toView(sent, rows))
                    .onComplete(ar -> viewInFlight = null);
        }
        return viewInFlight;
    }

    private View toView(long sent, RowSet<Row> rows) {
        long received = System.nanoTime();
        Map<String, Long> others = new HashMap<>();
        rows.forEach(row -> others.put(row.getString(0), deadline(received, row.getLong(1))));
        return new View(sent, others);
    }

    /** Announces (once per event-loop turn) a barrier after every write registered so far. */
    private long barrier() {
        if (!barrierScheduled) {
            barrierScheduled = true;
            barrierSeq++;
            context.runOnContext(x -> {
                barrierScheduled = false;
                PgConnection c = conn;
                if (c != null) {
                    c.preparedQuery("SELECT pg_notify('" + SYNC_CHANNEL + "', $1)")
                            .execute(Tuple.of("b " + processId + " " + barrierSeq))
                            .onFailure(e -> c.close());
                }
            });
        }
        return barrierSeq;
    }

    private void settleWaits() {
        for (Iterator<Wait> it = waits.iterator(); it.hasNext();) {
            Wait w = it.next();
            w.pending.keySet().removeIf(replica -> acked.getOrDefault(replica, 0L) >= w.barrier);
            if (w.pending.isEmpty()) {
                it.remove();
                w.done.complete();
            }
        }
        if (waits.isEmpty() && waitTimer >= 0) {
            vertx.cancelTimer(waitTimer);
            waitTimer = -1;
        }
    }

    /**
     * A replica whose lease seemed to end without an answer may have renewed it meanwhile: ask the table
     * again, and keep waiting for those still there. Give up after two leases (a warning), when nothing
     * that the write changed can still be served anywhere.
     */
    private void checkDeadlines() {
        long now = System.nanoTime();
        boolean expired = false;
        for (Iterator<Wait> it = waits.iterator(); it.hasNext();) {
            Wait w = it.next();
            if (now - w.startedAt > 2 * lease) {
                LOG.warnf("change feed: replicas %s did not answer within two leases", w.pending.keySet());
                it.remove();
                w.done.complete();
            } else {
                expired |= w.pending.values().stream().anyMatch(deadline -> now - deadline > 0);
            }
        }
        if (expired && !rechecking) {
            rechecking = true;
            long sent = System.nanoTime();
            pool.preparedQuery(VIEW).execute(Tuple.of(processId)).map(rows -> toView(sent, rows)).onComplete(ar -> {
                rechecking = false;
                if (ar.failed()) {
                    return;
                }
                Map<String, Long> live = ar.result().deadlines();
                long at = System.nanoTime();
                for (Wait w : waits) {
                    w.pending.entrySet().removeIf(e -> at - e.getValue() > 0 && !live.containsKey(e.getKey()));
                    w.pending.replaceAll((replica, deadline) -> live.getOrDefault(replica, deadline));
                }
                settleWaits();
            });
        }
        settleWaits();
    }
}
