package io.edgestorage.objects.metadata;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.edgestorage.objects.Bucket;
import io.edgestorage.objects.BucketAccess;
import io.edgestorage.objects.metadata.ObjectRepository.Address;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.vertx.UniHelper;
import io.vertx.core.Future;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Buckets in {@code objects.buckets}. */
@ApplicationScoped
public class BucketRepository {

    /** Outcome of a delete. */
    public enum DeleteResult {
        DELETED, NOT_FOUND, NOT_EMPTY
    }

    private static final String COLUMNS = "name, account_id, created_at, access";

    private static final String FIND_MANY = "SELECT b.name, b.account_id, b.created_at, b.access"
            + " FROM unnest($1::text[]) WITH ORDINALITY AS q(name, ord)"
            + " LEFT JOIN objects.buckets b ON b.name = q.name ORDER BY q.ord";

    private final Pool pool;
    private final StatementBatcher<String, Bucket> batched;
    private final ChangeFeed<Address> changes;

    /** @param changes drops the GET/HEAD cache, which holds each object's bucket, when an access setting changes */
    public BucketRepository(Pool pool, ChangeFeed<Address> changes) {
        this.pool = pool;
        this.changes = changes;
        this.batched = new StatementBatcher<>(this::findAll, 1, 128);
    }

    /**
     * {@link #find} through a {@link StatementBatcher}: an idle server sends one query per call, a busy one
     * answers the calls that arrived meanwhile with one statement (PutObject's ownership check, so
     * concurrent small PUTs do not each pay a statement before their upsert).
     */
    public Future<Bucket> findBatched(String name) {
        return batched.submit(name);
    }

    private Future<List<Bucket>> findAll(List<String> names) {
        return pool.getDelegate().preparedQuery(FIND_MANY)
                .execute(io.vertx.sqlclient.Tuple.tuple().addArrayOfString(names.toArray(new String[0])))
                .map(rows -> {
                    List<Bucket> out = new ArrayList<>(rows.size());
                    for (io.vertx.sqlclient.Row r : rows) {
                        out.add(r.getString("name") == null ? null
                                : new Bucket(r.getString("name"), r.getString("account_id"), r.getOffsetDateTime("created_at"),
                                        access(r.getString("access"))));
                    }
                    return out;
                });
    }

    public Uni<Bucket> find(String name) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM objects.buckets WHERE name = $1")
                .execute(Tuple.of(name))
                .map(rows -> rows.size() == 0 ? null : map(rows.iterator().next()));
    }

    /** Inserts a private bucket; null when the name is taken (by anyone). */
    public Uni<Bucket> create(String name, String accountId) {
        return create(name, accountId, BucketAccess.PRIVATE);
    }

    /** Inserts the bucket; null when the name is taken (by anyone). */
    public Uni<Bucket> create(String name, String accountId, BucketAccess access) {
        return pool.preparedQuery("INSERT INTO objects.buckets (name, account_id, access) VALUES ($1, $2, $3) "
                + "ON CONFLICT (name) DO NOTHING RETURNING " + COLUMNS)
                .execute(Tuple.of(name, accountId, access.cannedAcl()))
                .map(rows -> rows.size() == 0 ? null : map(rows.iterator().next()));
    }

    /**
     * Sets who may read the bucket without signing; null when it no longer belongs to the account. Completes once
     * every replica whose GET/HEAD cache may be serving has dropped it (a trigger announces the change, see V6),
     * or that replica's cache lease has ended: from then on no replica answers an anonymous request by the old
     * setting from its cache.
     */
    public Uni<Bucket> setAccess(String name, String accountId, BucketAccess access) {
        Uni<Bucket> updated = pool.preparedQuery("UPDATE objects.buckets SET access = $3 WHERE name = $1 "
                + "AND account_id = $2 RETURNING " + COLUMNS)
                .execute(Tuple.of(name, accountId, access.cannedAcl()))
                .map(rows -> rows.size() == 0 ? null : map(rows.iterator().next()));
        return updated.call(b -> b == null ? Uni.createFrom().voidItem() : UniHelper.toUni(changes.writtenEverything()));
    }

    public Uni<List<Bucket>> listByAccount(String accountId) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM objects.buckets WHERE account_id = $1 "
                + "ORDER BY name")
                .execute(Tuple.of(accountId))
                .map(rows -> {
                    List<Bucket> out = new ArrayList<>();
                    rows.forEach(r -> out.add(map(r)));
                    return out;
                });
    }

    /**
     * A page of the account's buckets in name order: names starting with {@code prefix} ("" for all) after
     * {@code after} (null from the first), at most {@code limit} of them.
     */
    public Uni<List<Bucket>> listByAccount(String accountId, String prefix, String after, int limit) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM objects.buckets WHERE account_id = $1 "
                + "AND starts_with(name, $2) AND ($3::text IS NULL OR name > $3) ORDER BY name LIMIT $4")
                .execute(Tuple.of(accountId, prefix, after, limit))
                .map(rows -> {
                    List<Bucket> out = new ArrayList<>();
                    rows.forEach(r -> out.add(map(r)));
                    return out;
                });
    }

    /** Deletes an empty bucket with its unfinished uploads and CORS rules, in one transaction. */
    public Uni<DeleteResult> delete(String name) {
        return pool.withTransaction(conn -> conn
                .preparedQuery("SELECT name FROM objects.buckets WHERE name = $1 FOR UPDATE")
                .execute(Tuple.of(name))
                .flatMap(found -> found.size() == 0 ? Uni.createFrom().item((Boolean) null)
                        : conn.preparedQuery("SELECT EXISTS (SELECT 1 FROM objects.objects WHERE bucket = $1) AS e")
                                .execute(Tuple.of(name)).map(r -> r.iterator().next().getBoolean("e")))
                .flatMap(hasObjects -> {
                    if (hasObjects == null) {
                        return Uni.createFrom().item(DeleteResult.NOT_FOUND);
                    }
                    if (hasObjects) {
                        return Uni.createFrom().item(DeleteResult.NOT_EMPTY);
                    }
                    return conn.preparedQuery("DELETE FROM objects.multipart_uploads WHERE bucket = $1")
                            .execute(Tuple.of(name))
                            .flatMap(x -> conn.preparedQuery("DELETE FROM objects.cors_rules WHERE bucket = $1")
                                    .execute(Tuple.of(name)))
                            .flatMap(x -> conn.preparedQuery("DELETE FROM objects.buckets WHERE name = $1")
                                    .execute(Tuple.of(name)))
                            .map(x -> DeleteResult.DELETED);
                }));
    }

    static Bucket map(Row row) {
        return new Bucket(row.getString("name"), row.getString("account_id"), row.getOffsetDateTime("created_at"),
                access(row.getString("access")));
    }

    /** The column's value; the table's CHECK allows no other. */
    static BucketAccess access(String column) {
        BucketAccess access = BucketAccess.ofCannedAcl(column);
        if (access == null) {
            throw new IllegalStateException("unknown bucket access " + column);
        }
        return access;
    }
}
