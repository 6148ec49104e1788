package io.edgestorage.objects.metadata;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

import org.jboss.logging.Logger;

import io.edgestorage.objects.metadata.CacheLeaseTable.View;
import io.edgestorage.objects.metadata.CacheSyncMessage.Answer;
import io.edgestorage.objects.metadata.CacheSyncMessage.Barrier;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.PgNotification;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

/**
 * Keeps one replica's {@link MetadataCache} coherent with PostgreSQL and with the other replicas, so a GET
 * served from the cache never returns what an acknowledged write replaced (decision 011).
 *
 * <ul>
 * <li>A trigger announces every committed change of an object row on {@value #OBJECTS_CHANNEL}; this
 * replica listens on one connection of its own and drops the announced keys.</li>
 * <li>The cache serves only while this replica holds a lease in the {@link CacheLeaseTable}, renewed on
 * that same connection, so a replica that stopped listening stops being waited for once its lease ends. A
 * replica takes a lease only while GETs use its cache and gives it back after three leases without one, so
 * write-only replicas cost other writers nothing.</li>
 * <li>A write, after its commit, drops its keys here and then, if other replicas hold leases, announces a
 * {@link Barrier} on {@value #SYNC_CHANNEL} and completes only when each of them has answered it (it answers
 * after dropping everything announced before the barrier) or its lease has ended ({@link BarrierWaits}).</li>
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

    private final Vertx vertx;
    private final Context context;
    private final PgConnectOptions options;
    private final MetadataCache<K, ?> cache;
    private final Function<String, K> keyOf;
    private final String processId = ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
    private final CacheLeaseTable leases;
    private final BarrierWaits waits;

    private final long lease;
    private final long joinDelay;
    private final long localValidity;
    private final long idleRelease;

    // Read by serving() on any thread.
    private volatile boolean listening;
    private volatile boolean leaseHeld;
    private volatile long leaseValidUntil;
    private volatile long enableAt;

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
    private final Map<String, Long> answersToSend = new HashMap<>();
    private boolean answersScheduled;

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
        this.cache = cache;
        this.keyOf = keyOf;
        this.lease = lease.toNanos();
        long renewEvery = this.lease / 3;
        long viewMaxAge = this.lease / 2;
        this.joinDelay = this.lease * 2 / 3; // longer than viewMaxAge: see the class comment
        this.localValidity = this.lease * 9 / 10;
        this.idleRelease = this.lease * 3;
        this.lastLookupAt = System.nanoTime() - idleRelease;
        this.leases = new CacheLeaseTable(pool, processId, this.lease, viewMaxAge);
        this.waits = new BarrierWaits(vertx, this.lease, leases::query);
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

    /** Whether this replica's latest view of the lease table shows {@code replicaId} holding a lease (for tests). */
    boolean seesLease(String replicaId) {
        View v = leases.latest();
        return v != null && v.deadlines().containsKey(replicaId);
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
        return othersDropped();
    }

    /**
     * {@link #written} for a change that can touch any key (a bucket's access setting, which every cached object
     * of the bucket holds): drops everything here, and completes once every other replica holding a lease has
     * applied the announcement of {@code "*"} its commit made, or its lease has ended. Never fails.
     */
    public Future<Void> writtenEverything() {
        cache.invalidateAll();
        return othersDropped();
    }

    private Future<Void> othersDropped() {
        long now = System.nanoTime();
        if (leases.nobodyElseHolds(now)) {
            return Future.succeededFuture();
        }
        Context caller = Vertx.currentContext();
        Promise<Void> done = Promise.promise();
        context.runOnContext(x -> awaitOthers(done, now));
        return CallerContext.deliverOn(caller, done.future());
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
            leases.release(c, sessionId).transform(ar -> c.close()).onComplete(ar -> done.complete());
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
                onListeningConnection(c -> leases.renew(c, sessionId), "lease renewal", this::renewed);
            } else {
                if (leaseHeld) {
                    release();
                }
                // without a lease of its own, a replica still needs a fresh view of the others for its writes
                onListeningConnection(leases::refresh, "reading the lease table", view -> {
                });
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
        leases.release(conn, sessionId);
    }

    /** A lease-table statement on the listening connection; a failure means starting over on a new one. */
    private <T> void onListeningConnection(Function<PgConnection, Future<T>> statement, String what,
            Consumer<T> answered) {
        PgConnection c = conn;
        renewing = true;
        statement.apply(c).onComplete(ar -> {
            if (conn != c) {
                return;
            }
            renewing = false;
            if (ar.failed()) {
                LOG.warnf("change feed: %s failed (%s); reconnecting", what, ar.cause().getMessage());
                c.close();
                return;
            }
            answered.accept(ar.result());
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
                            waits.awaitInstead(barrier());
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

    private void renewed(CacheLeaseTable.Renewal renewal) {
        long sent = renewal.others().sentAt();
        boolean continuous = renewal.wasHeld() && leaseHeld && sent - leaseValidUntil < 0;
        if (!continuous) {
            // writers may have skipped this replica while it held no lease: start empty, and serve only
            // once every writer's view of the lease table includes it
            cache.invalidateAll();
            enableAt = System.nanoTime() + joinDelay;
        }
        leaseValidUntil = sent + localValidity;
        leaseHeld = true;
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
        CacheSyncMessage message = CacheSyncMessage.decode(payload);
        if (message == null) {
            LOG.debugf("change feed: ignoring a malformed message on %s", SYNC_CHANNEL);
        } else if (message instanceof Barrier b && !processId.equals(b.writer())) {
            // every announcement before this barrier has been applied above: answer it
            answersToSend.merge(b.writer(), b.seq(), Math::max);
            if (!answersScheduled) {
                answersScheduled = true;
                context.runOnContext(x -> sendAnswers());
            }
        } else if (message instanceof Answer a && processId.equals(a.writer())) {
            waits.answered(a.replica(), a.seq());
        }
    }

    private void sendAnswers() {
        answersScheduled = false;
        PgConnection c = conn;
        if (c == null || answersToSend.isEmpty()) {
            answersToSend.clear();
            return;
        }
        String[] payloads = answersToSend.entrySet().stream()
                .map(e -> new Answer(sessionId, e.getKey(), e.getValue()).encode()).toArray(String[]::new);
        answersToSend.clear();
        c.preparedQuery("SELECT pg_notify('" + SYNC_CHANNEL + "', p) FROM unnest($1::text[]) AS p")
                .execute(Tuple.tuple().addArrayOfString(payloads)).onFailure(e -> {
                    // a writer would wait for this replica's lease to end: better to start over at once
                    LOG.warnf("change feed: answering a barrier failed (%s); reconnecting", e.getMessage());
                    c.close();
                });
    }

    private void awaitOthers(Promise<Void> done, long writtenAt) {
        leases.viewAfter(writtenAt).onComplete(ar -> {
            if (ar.failed()) {
                // nobody can be asked: wait as long as any lease lasts
                LOG.warnf("change feed: cannot read the lease table (%s); waiting one lease", ar.cause().getMessage());
                vertx.setTimer(Math.max(1, lease / 1_000_000), id -> done.complete());
                return;
            }
            View others = ar.result();
            if (others.deadlines().isEmpty()) {
                done.complete();
                return;
            }
            waits.await(barrier(), others, done);
        });
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
                            .execute(Tuple.of(new Barrier(processId, barrierSeq).encode()))
                            .onFailure(e -> c.close());
                }
            });
        }
        return barrierSeq;
    }
}
