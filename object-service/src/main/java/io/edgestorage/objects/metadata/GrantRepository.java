package io.edgestorage.objects.metadata;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.edgestorage.objects.grants.GrantRecord;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** Grants in {@code objects.grants}: recorded in batches as presign-service issues them, listed, revoked, counted. */
@ApplicationScoped
public class GrantRepository {

    private static final String COLUMNS = "grant_id, account_id, bucket, key, method, key_id, max_bytes,"
            + " content_types, overwrite, uses, used, last_used_at, context, created_at, expires_at, revoked_at";
    private static final String INSERT = "INSERT INTO objects.grants (grant_id, account_id, bucket, key, method,"
            + " key_id, max_bytes, content_types, overwrite, uses, context, created_at, expires_at)"
            + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT (grant_id) DO NOTHING";

    private final Pool pool;
    private final OutboxRepository outbox;

    public GrantRepository(Pool pool, OutboxRepository outbox) {
        this.pool = pool;
        this.outbox = outbox;
    }

    /** One listing page and the cursor of the next, or null at the end. */
    public record Page(List<GrantRecord> grants, String nextCursor) {
    }

    /** Records issued grants in one batch; a grant id recorded before is left as it was (a retried batch). */
    public Uni<Void> insertAll(List<GrantRecord> grants) {
        if (grants.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = new ArrayList<>(grants.size());
        for (GrantRecord g : grants) {
            rows.add(Tuple.from(Arrays.asList(g.grantId(), g.accountId(), g.bucket(), g.key(), g.method(), g.keyId(),
                    g.maxBytes(), g.contentTypes() == null ? null : g.contentTypes().toArray(new String[0]),
                    g.overwrite(), g.uses(), new JsonObject(Map.copyOf(g.context())), utc(g.createdAt()),
                    utc(g.expiresAt()))));
        }
        return pool.preparedQuery(INSERT).executeBatch(rows).replaceWithVoid();
    }

    /** The account's grant, or null (another account's grant is as absent as one never issued). */
    public Uni<GrantRecord> find(String account, String grantId) {
        return find(pool, account, grantId);
    }

    private static Uni<GrantRecord> find(SqlClient client, String account, String grantId) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM objects.grants WHERE grant_id = $1 AND account_id = $2")
                .execute(Tuple.of(grantId, account)).map(GrantRepository::first);
    }

    /**
     * Marks the grant revoked and writes {@code announcement} of the revoked row to the outbox in the same
     * transaction, so a revocation that committed is always announced. Revoking a revoked grant again changes
     * nothing and announces nothing (the first revocation's time is kept). Null when the account has no such grant.
     */
    public Uni<GrantRecord> revoke(String account, String grantId, Instant now,
            Function<GrantRecord, OutboxRepository.OutboxEvent> announcement) {
        return pool.withTransaction(tx -> tx.preparedQuery("UPDATE objects.grants SET revoked_at = $3"
                + " WHERE grant_id = $1 AND account_id = $2 AND revoked_at IS NULL RETURNING " + COLUMNS)
                .execute(Tuple.of(grantId, account, utc(now))).map(GrantRepository::first)
                .chain(revoked -> revoked == null
                        ? find(tx, account, grantId)
                        : outbox.append(tx, announcement.apply(revoked)).replaceWith(revoked)));
    }

    /**
     * Takes one use of a limited grant, in one statement: true when one was left. {@code limit} is the signed
     * one, so the URL and the row cannot disagree; a revoked grant or one this account never issued has none.
     */
    public Uni<Boolean> takeUse(String account, String grantId, long limit, Instant now) {
        return pool.preparedQuery("UPDATE objects.grants SET used = used + 1, last_used_at = $4"
                + " WHERE grant_id = $1 AND account_id = $2 AND used < $3 AND revoked_at IS NULL RETURNING used")
                .execute(Tuple.of(grantId, account, limit, utc(now))).map(rows -> rows.rowCount() == 1);
    }

    /** Gives back a use taken by a request that then failed. */
    public Uni<Void> giveBackUse(String account, String grantId) {
        return pool.preparedQuery("UPDATE objects.grants SET used = used - 1 WHERE grant_id = $1 AND account_id = $2"
                + " AND used > 0").execute(Tuple.of(grantId, account)).replaceWithVoid();
    }

    /** Adds uses counted in memory (unlimited grants), one statement for the whole batch. */
    public Uni<Void> addUses(Map<String, Long> usesByGrant, Instant lastUsedAt) {
        if (usesByGrant.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String[] ids = usesByGrant.keySet().toArray(new String[0]);
        Long[] counts = Arrays.stream(ids).map(usesByGrant::get).toArray(Long[]::new);
        return pool.preparedQuery("UPDATE objects.grants g SET used = g.used + u.n, last_used_at = $3"
                + " FROM unnest($1::text[], $2::bigint[]) AS u(id, n) WHERE g.grant_id = u.id")
                .execute(Tuple.of(ids, counts, utc(lastUsedAt))).replaceWithVoid();
    }

    /** Revoked grants whose URLs can still be presented: what a replica loads at start. */
    public Uni<List<GrantRecord>> revokedAlive(Instant now) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM objects.grants WHERE revoked_at IS NOT NULL"
                + " AND expires_at > $1").execute(Tuple.of(utc(now))).map(GrantRepository::all);
    }

    /**
     * The account's grants, newest first.
     *
     * @param key    only grants for this key (or null)
     * @param prefix only grants for keys under this prefix (or null)
     * @param state  only grants in this state (or null)
     * @param after  the (createdAt, grantId) of the last grant of the previous page, or null
     */
    public Uni<Page> list(String account, String bucket, String key, String prefix, GrantRecord.State state,
            GrantCursor after, int limit, Instant now) {
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS)
                .append(" FROM objects.grants WHERE account_id = $1");
        List<Object> params = new ArrayList<>(List.of(account));
        if (bucket != null) {
            params.add(bucket);
            sql.append(" AND bucket = $").append(params.size());
        }
        if (key != null) {
            params.add(key);
            sql.append(" AND key = $").append(params.size());
        }
        if (prefix != null) {
            // A range on the key instead of LIKE, so no character of the prefix is a pattern.
            params.add(prefix);
            sql.append(" AND key >= $").append(params.size())
                    .append(" AND left(key, length($").append(params.size()).append(")) = $").append(params.size());
        }
        if (state != null) {
            params.add(utc(now));
            String t = "$" + params.size();
            sql.append(switch (state) {
                case REVOKED -> " AND revoked_at IS NOT NULL";
                case USED -> " AND revoked_at IS NULL AND uses IS NOT NULL AND used >= uses";
                case EXPIRED -> " AND revoked_at IS NULL AND (uses IS NULL OR used < uses) AND expires_at <= " + t;
                case ACTIVE -> " AND revoked_at IS NULL AND (uses IS NULL OR used < uses) AND expires_at > " + t;
            });
        }
        if (after != null) {
            params.add(utc(after.createdAt()));
            params.add(after.grantId());
            sql.append(" AND (created_at, grant_id) < ($").append(params.size() - 1).append(", $")
                    .append(params.size()).append(")");
        }
        params.add(limit + 1);
        sql.append(" ORDER BY created_at DESC, grant_id DESC LIMIT $").append(params.size());
        return pool.preparedQuery(sql.toString()).execute(Tuple.from(params)).map(rows -> {
            List<GrantRecord> grants = all(rows);
            if (grants.size() <= limit) {
                return new Page(grants, null);
            }
            List<GrantRecord> page = grants.subList(0, limit);
            GrantRecord last = page.get(limit - 1);
            return new Page(List.copyOf(page), GrantCursor.of(last).encode());
        });
    }

    private static GrantRecord first(RowSet<Row> rows) {
        return rows.size() == 0 ? null : record(rows.iterator().next());
    }

    private static List<GrantRecord> all(RowSet<Row> rows) {
        List<GrantRecord> out = new ArrayList<>(rows.size());
        rows.forEach(row -> out.add(record(row)));
        return out;
    }

    private static GrantRecord record(Row r) {
        String[] types = r.getArrayOfStrings("content_types");
        return new GrantRecord(r.getString("grant_id"), r.getString("account_id"), r.getString("bucket"),
                r.getString("key"), r.getString("method"), r.getString("key_id"), r.getLong("max_bytes"),
                types == null ? null : List.of(types), r.getBoolean("overwrite"), r.getLong("uses"), r.getLong("used"),
                instant(r.getOffsetDateTime("last_used_at")), Rows.map(r, "context"),
                instant(r.getOffsetDateTime("created_at")), instant(r.getOffsetDateTime("expires_at")),
                instant(r.getOffsetDateTime("revoked_at")));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
