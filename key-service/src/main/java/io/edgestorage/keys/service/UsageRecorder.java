package io.edgestorage.keys.service;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Last-used times, kept off the request path: calls only note the time in memory, and every
 * {@code edge.keys.usage-flush-interval} one UPDATE per table writes the latest time of each key and
 * token used since. Losing up to one interval of "last used" on a crash is acceptable.
 */
@ApplicationScoped
public class UsageRecorder {

    private static final Logger LOG = Logger.getLogger(UsageRecorder.class);

    private final Pool pool;
    private volatile Map<String, Instant> accessKeys = new ConcurrentHashMap<>();
    private volatile Map<String, Instant> tokens = new ConcurrentHashMap<>();

    public UsageRecorder(Pool pool) {
        this.pool = pool;
    }

    public void accessKeyUsed(String accessKeyId, Instant at) {
        accessKeys.merge(accessKeyId, at, (a, b) -> a.isAfter(b) ? a : b);
    }

    public void tokenUsed(String tokenId, Instant at) {
        tokens.merge(tokenId, at, (a, b) -> a.isAfter(b) ? a : b);
    }

    @Scheduled(every = "${edge.keys.usage-flush-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduledFlush() {
        return flush().onFailure().recoverWithItem(e -> {
            LOG.warnf("Could not write last-used times (will retry): %s", e.getMessage());
            return null;
        });
    }

    /** Writes what was noted since the last flush. */
    public Uni<Void> flush() {
        Map<String, Instant> keysNow = accessKeys;
        Map<String, Instant> tokensNow = tokens;
        if (keysNow.isEmpty() && tokensNow.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        accessKeys = new ConcurrentHashMap<>();
        tokens = new ConcurrentHashMap<>();
        return write("update keys.access_keys k set last_used_at = v.t from (select unnest($1::varchar[]) as id, "
                + "unnest($2::timestamptz[]) as t) v where k.access_key_id = v.id "
                + "and (k.last_used_at is null or k.last_used_at < v.t)", keysNow)
                .chain(() -> write("update keys.api_tokens k set last_used_at = v.t from (select unnest($1::varchar[]) as id, "
                        + "unnest($2::timestamptz[]) as t) v where k.id = v.id "
                        + "and (k.last_used_at is null or k.last_used_at < v.t)", tokensNow));
    }

    private Uni<Void> write(String sql, Map<String, Instant> used) {
        if (used.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String[] ids = new String[used.size()];
        OffsetDateTime[] times = new OffsetDateTime[used.size()];
        int i = 0;
        for (Map.Entry<String, Instant> e : used.entrySet()) {
            ids[i] = e.getKey();
            times[i++] = e.getValue().atOffset(ZoneOffset.UTC);
        }
        return pool.preparedQuery(sql).execute(Tuple.of(ids, times)).replaceWithVoid();
    }
}
