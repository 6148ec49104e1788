package io.edgestorage.objects.metadata;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.edgestorage.objects.Bucket;
import io.edgestorage.objects.ContentHeaders;
import io.edgestorage.objects.ObjectMeta;
import io.edgestorage.objects.S3Error;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.vertx.UniHelper;
import io.vertx.core.Future;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.sqlclient.Row;

/** Objects in {@code objects.objects}: GET/HEAD are one primary-key lookup, a listing one range scan. */
@ApplicationScoped
public class ObjectRepository {

    private static final String COLUMNS = columns("");

    /**
     * The object columns, qualified by {@code alias}; the JSON maps come as text, so the common empty map
     * costs no JSON parsing. {@link #map(Row, int)} reads them by position in this order.
     */
    static String columns(String alias) {
        return alias + "bucket, " + alias + "key, " + alias + "size, " + alias + "etag, " + alias + "content_type, "
                + alias + "content_disposition, " + alias + "content_encoding, " + alias + "content_language, "
                + alias + "cache_control, " + alias + "expires, " + alias + "user_metadata::text AS user_metadata, "
                + alias + "checksums::text AS checksums, " + alias + "parts_count, " + alias + "blob_id, "
                + alias + "last_modified";
    }

    /** A bucket and a key in it. */
    public record Address(String bucket, String key) {

        /** The address a change announcement names ({@code <bucket>/<key>}: bucket names hold no '/'). */
        public static Address fromAnnouncement(String payload) {
            int slash = payload.indexOf('/');
            return slash < 0 ? null : new Address(payload.substring(0, slash), payload.substring(slash + 1));
        }
    }

    /** What a GET or HEAD needs: the bucket (null when absent) and the object (null when absent). */
    public record Located(Bucket bucket, ObjectMeta object) {
    }

    private static final String LOCATE = "SELECT b.name AS b_name, b.account_id, b.created_at, b.access, "
            + columns("o.")
            + " FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS q(bucket, key, ord)"
            + " LEFT JOIN objects.buckets b ON b.name = q.bucket"
            + " LEFT JOIN objects.objects o ON o.bucket = q.bucket AND o.key = q.key COLLATE \"C\""
            + " ORDER BY q.ord";

    private final Pool pool;
    private final Pool lookupPool;
    private final StatementBatcher<Address, Located> locator;
    private final StatementBatcher<Publication, Published> publisher;
    private final MetadataCache<Address, Located> cache;
    private final ChangeFeed<Address> changes;

    /**
     * @param lookupPool connections for GET/HEAD lookups only, set to always use generic plans (decision 010);
     *                   listings keep {@code pool}, whose custom plans read just the index range of a prefix
     * @param cache      rows of GET/HEAD lookups, kept coherent by {@code changes}: every write here reports
     *                   its keys to {@code changes} after its commit and completes only once they are dropped
     *                   on every replica (decision 011)
     */
    public ObjectRepository(Pool pool, @ReactiveDataSource("lookup") Pool lookupPool,
            MetadataCache<Address, Located> cache, ChangeFeed<Address> changes) {
        this.pool = pool;
        this.lookupPool = lookupPool;
        this.cache = cache;
        this.changes = changes;
        this.locator = new StatementBatcher<>(this::locateAll, 1, 128);
        this.publisher = new StatementBatcher<>(this::publishShared, 1, 128,
                p -> new Address(p.object().bucket(), p.object().key()));
    }

    /**
     * The bucket and the object of a GET or HEAD in one indexed lookup, batched with the lookups of
     * concurrent requests (see {@link StatementBatcher}).
     */
    public Future<Located> locate(String bucket, String key) {
        Address address = new Address(bucket, key);
        Located cached = cache.get(address);
        if (cached != null) {
            return Future.succeededFuture(cached);
        }
        long stamp = cache.stamp(address);
        Future<Located> found = locator.submit(address);
        return stamp == MetadataCache.NO_FILL ? found : found.onSuccess(located -> {
            if (located.object() != null) {
                cache.fill(address, located, stamp);
            }
        });
    }

    /** The outcome of a write to {@code address}, once its change is dropped from every replica's cache. */
    <T> Future<T> announced(Future<T> write, Address address) {
        return write.transform(outcome -> changes.written(List.of(address)).transform(x -> outcome.succeeded()
                ? Future.succeededFuture(outcome.result()) : Future.failedFuture(outcome.cause())));
    }

    <T> Uni<T> announced(Uni<T> write, String bucket, String key) {
        return write.onTermination().call(() -> UniHelper.toUni(changes.written(List.of(new Address(bucket, key)))));
    }

    private Future<List<Located>> locateAll(List<Address> addresses) {
        String[] bucketNames = new String[addresses.size()];
        String[] keys = new String[addresses.size()];
        for (int i = 0; i < bucketNames.length; i++) {
            bucketNames[i] = addresses.get(i).bucket();
            keys[i] = addresses.get(i).key();
        }
        return lookupPool.getDelegate().preparedQuery(LOCATE)
                .execute(io.vertx.sqlclient.Tuple.tuple().addArrayOfString(bucketNames).addArrayOfString(keys))
                .map(rows -> {
                    List<Located> out = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        Bucket b = row.getString(0) == null ? null
                                : new Bucket(row.getString(0), row.getString(1), row.getOffsetDateTime(2),
                                        BucketRepository.access(row.getString(3)));
                        out.add(new Located(b, row.getString(4 + BLOB_ID) == null ? null : map(row, 4)));
                    }
                    return out;
                });
    }

    public Uni<ObjectMeta> find(String bucket, String key) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM objects.objects WHERE bucket = $1 AND key = $2")
                .execute(Tuple.of(bucket, key))
                .map(rows -> rows.size() == 0 ? null : map(rows.iterator().next().getDelegate(), 0));
    }

    /**
     * Publishes the object in one statement (insert or replace).
     *
     * @return the blob id of the replaced version, or null
     */
    public Uni<String> put(ObjectMeta m) {
        return announced(put(pool, m), m.bucket(), m.key());
    }

    /** An object to publish on behalf of an account. */
    public record Publication(ObjectMeta object, String accountId) {
    }

    /**
     * What publishing did: {@code written} is false when the bucket no longer exists or no longer belongs
     * to the account (nothing was written); {@code replacedBlobId} is the blob of the version it replaced.
     */
    public record Published(boolean written, String replacedBlobId) {
    }

    /** Answer of every row of a shared statement that failed: each caller then tries its row alone. */
    private static final Published SHARED_BATCH_FAILED = new Published(false, null);

    /**
     * Publishes the object (insert or replace) if its bucket belongs to the account, in one statement
     * shared with the publications of concurrent PUTs on this event loop (group commit, see
     * {@link StatementBatcher}); the future completes once that statement has committed. If a shared
     * statement fails, each of its rows is retried alone, so one row (say, a bucket deleted meanwhile)
     * cannot fail its neighbours.
     */
    public Future<Published> publish(ObjectMeta m, String accountId) {
        Publication p = new Publication(m, accountId);
        return announced(publisher.submit(p).compose(r -> r == SHARED_BATCH_FAILED
                ? publishAll(List.of(p)).map(rows -> rows.get(0))
                : Future.succeededFuture(r)), new Address(m.bucket(), m.key()));
    }

    private Future<List<Published>> publishShared(List<Publication> batch) {
        Future<List<Published>> written = publishAll(batch);
        return batch.size() == 1 ? written
                : written.recover(e -> Future.succeededFuture(Collections.nCopies(batch.size(), SHARED_BATCH_FAILED)));
    }

    /** One statement for all rows; a batch never holds one key twice (see the publisher's conflict key). */
    private Future<List<Published>> publishAll(List<Publication> batch) {
        int n = batch.size();
        String[] bucket = new String[n], key = new String[n], etag = new String[n], contentType = new String[n],
                disposition = new String[n], encoding = new String[n], language = new String[n],
                cacheControl = new String[n], expires = new String[n], userMetadata = new String[n],
                checksums = new String[n], blobId = new String[n], account = new String[n];
        Long[] size = new Long[n];
        Integer[] partsCount = new Integer[n];
        for (int i = 0; i < n; i++) {
            ObjectMeta m = batch.get(i).object();
            ContentHeaders h = m.headers();
            bucket[i] = m.bucket();
            key[i] = m.key();
            size[i] = m.size();
            etag[i] = m.etag();
            contentType[i] = h.contentType();
            disposition[i] = h.contentDisposition();
            encoding[i] = h.contentEncoding();
            language[i] = h.contentLanguage();
            cacheControl[i] = h.cacheControl();
            expires[i] = h.expires();
            userMetadata[i] = Rows.json(m.userMetadata()).encode();
            checksums[i] = Rows.json(m.checksums()).encode();
            partsCount[i] = m.partsCount();
            blobId[i] = m.blobId();
            account[i] = batch.get(i).accountId();
        }
        io.vertx.sqlclient.Tuple args = io.vertx.sqlclient.Tuple.tuple().addArrayOfString(bucket).addArrayOfString(key)
                .addArrayOfLong(size).addArrayOfString(etag).addArrayOfString(contentType)
                .addArrayOfString(disposition).addArrayOfString(encoding).addArrayOfString(language)
                .addArrayOfString(cacheControl).addArrayOfString(expires).addArrayOfString(userMetadata)
                .addArrayOfString(checksums).addArrayOfInteger(partsCount).addArrayOfString(blobId)
                .addArrayOfString(account);
        return pool.getDelegate().preparedQuery(PUBLISH).execute(args).map(rows -> {
            List<Published> out = new ArrayList<>(rows.size());
            for (Row row : rows) {
                out.add(new Published(row.getBoolean(0), row.getString(1)));
            }
            return out;
        });
    }

    /** What an upsert replaces in an existing row. */
    private static final String UPSERT_SET = "size = EXCLUDED.size, etag = EXCLUDED.etag, "
            + "content_type = EXCLUDED.content_type, content_disposition = EXCLUDED.content_disposition, "
            + "content_encoding = EXCLUDED.content_encoding, content_language = EXCLUDED.content_language, "
            + "cache_control = EXCLUDED.cache_control, expires = EXCLUDED.expires, "
            + "user_metadata = EXCLUDED.user_metadata, checksums = EXCLUDED.checksums, "
            + "parts_count = EXCLUDED.parts_count, blob_id = EXCLUDED.blob_id, last_modified = now()";

    /**
     * Insert or replace rows whose bucket belongs to the given account, in key order (so two statements
     * lock shared rows in the same order and cannot deadlock); per row, in input order: whether it was
     * written and the blob id it replaced.
     */
    private static final String PUBLISH = "WITH q AS (SELECT * FROM unnest($1::text[], $2::text[], $3::int8[], "
            + "$4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], "
            + "$12::text[], $13::int4[], $14::text[], $15::text[]) WITH ORDINALITY AS q(bucket, key, size, etag, "
            + "content_type, content_disposition, content_encoding, content_language, cache_control, expires, "
            + "user_metadata, checksums, parts_count, blob_id, account_id, ord)), "
            + "old AS (SELECT o.bucket, o.key, o.blob_id FROM objects.objects o "
            + "JOIN q ON o.bucket = q.bucket AND o.key = q.key COLLATE \"C\"), "
            + "written AS (INSERT INTO objects.objects (bucket, key, size, etag, content_type, content_disposition, "
            + "content_encoding, content_language, cache_control, expires, user_metadata, checksums, parts_count, "
            + "blob_id, last_modified) "
            + "SELECT q.bucket, q.key, q.size, q.etag, q.content_type, q.content_disposition, q.content_encoding, "
            + "q.content_language, q.cache_control, q.expires, q.user_metadata::jsonb, q.checksums::jsonb, "
            + "q.parts_count, q.blob_id, now() FROM q JOIN objects.buckets b ON b.name = q.bucket "
            + "AND b.account_id = q.account_id ORDER BY q.bucket, q.key COLLATE \"C\" "
            + "ON CONFLICT (bucket, key) DO UPDATE SET " + UPSERT_SET + " RETURNING bucket, key) "
            + "SELECT w.key IS NOT NULL, CASE WHEN w.key IS NOT NULL THEN old.blob_id END FROM q "
            + "LEFT JOIN written w ON w.bucket = q.bucket AND w.key = q.key COLLATE \"C\" "
            + "LEFT JOIN old ON old.bucket = q.bucket AND old.key = q.key COLLATE \"C\" ORDER BY q.ord";

    /**
     * Publishes the object if the condition holds (see {@link WriteCondition}); without a condition, as
     * {@link #put(ObjectMeta)}. The caller checked that the bucket belongs to the signer.
     *
     * @return the blob id of the replaced version, or null; fails with PreconditionFailed or NoSuchKey
     */
    public Uni<String> put(ObjectMeta m, WriteCondition condition) {
        return condition == null ? put(m)
                : announced(pool.withTransaction(conn -> putIf(conn, m, condition)), m.bucket(), m.key());
    }

    /**
     * PutObject's conditional publication: as {@link #publish}, but alone in a transaction that first
     * locks the bucket row (ownership cannot change meanwhile) and checks the condition.
     */
    public Uni<Published> publishIf(ObjectMeta m, String accountId, WriteCondition condition) {
        return announced(pool.withTransaction(conn -> conn
                .preparedQuery("SELECT 1 FROM objects.buckets WHERE name = $1 AND account_id = $2 FOR SHARE")
                .execute(Tuple.of(m.bucket(), accountId))
                .flatMap(owned -> owned.size() == 0 ? Uni.createFrom().item(new Published(false, null))
                        : putIf(conn, m, condition).map(old -> new Published(true, old)))), m.bucket(), m.key());
    }

    /**
     * Within a transaction: publishes the object if the condition holds for the current row, which stays
     * locked until the commit. Fails (so the transaction rolls back) with PreconditionFailed, or NoSuchKey
     * for If-Match on an absent key, as S3 does.
     *
     * @return the blob id of the replaced version, or null
     */
    static Uni<String> putIf(SqlClient conn, ObjectMeta m, WriteCondition condition) {
        return putIf(conn, m, condition, true);
    }

    private static Uni<String> putIf(SqlClient conn, ObjectMeta m, WriteCondition condition, boolean mayRetry) {
        if (condition == null) {
            return put(conn, m);
        }
        if (condition.mustBeAbsent()) {
            // ON CONFLICT DO NOTHING: a row inserted concurrently wins, this write does not overwrite it
            return conn.preparedQuery(INSERT_IF_ABSENT).execute(upsertArgs(m)).map(rows -> {
                if (rows.rowCount() == 0) {
                    throw S3Error.PRECONDITION_FAILED.exception();
                }
                return null;
            });
        }
        return conn.preparedQuery("SELECT etag FROM objects.objects WHERE bucket = $1 AND key = $2 FOR UPDATE")
                .execute(Tuple.of(m.bucket(), m.key()))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        if (!condition.mayBeAbsent()) {
                            throw S3Error.NO_SUCH_KEY.exception();
                        }
                        // Absent, so nothing is locked: insert without overwriting, and check a row that another
                        // write inserted meanwhile (its insert waited for that commit) like any current row.
                        return conn.preparedQuery(INSERT_IF_ABSENT).execute(upsertArgs(m))
                                .flatMap(inserted -> inserted.rowCount() == 1 ? Uni.createFrom().<String>nullItem()
                                        : mayRetry ? putIf(conn, m, condition, false)
                                        : Uni.createFrom().failure(S3Error.PRECONDITION_FAILED.exception()));
                    }
                    if (!condition.acceptsEtag().test(rows.iterator().next().getString(0))) {
                        throw S3Error.PRECONDITION_FAILED.exception();
                    }
                    return put(conn, m);
                });
    }

    private static final String INSERT_IF_ABSENT = "INSERT INTO objects.objects (bucket, key, size, etag, content_type, "
            + "content_disposition, content_encoding, content_language, cache_control, expires, user_metadata, "
            + "checksums, parts_count, blob_id, last_modified) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, "
            + "$12, $13, $14, now()) ON CONFLICT (bucket, key) DO NOTHING";

    static Uni<String> put(SqlClient client, ObjectMeta m) {
        return client.preparedQuery(UPSERT).execute(upsertArgs(m))
                .map(rows -> rows.iterator().next().getString("old_blob"));
    }

    /** Insert or replace; returns only the replaced blob id (nothing else is read back, nothing to decode). */
    private static final String UPSERT = "WITH old AS (SELECT blob_id FROM objects.objects WHERE bucket = $1 AND key = $2) "
            + "INSERT INTO objects.objects (bucket, key, size, etag, content_type, content_disposition, "
            + "content_encoding, content_language, cache_control, expires, user_metadata, checksums, parts_count, "
            + "blob_id, last_modified) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, now()) "
            + "ON CONFLICT (bucket, key) DO UPDATE SET " + UPSERT_SET + " RETURNING (SELECT blob_id FROM old) AS old_blob";

    private static Tuple upsertArgs(ObjectMeta m) {
        ContentHeaders h = m.headers();
        return Tuple.tuple()
                .addString(m.bucket()).addString(m.key()).addLong(m.size()).addString(m.etag())
                .addString(h.contentType()).addString(h.contentDisposition()).addString(h.contentEncoding())
                .addString(h.contentLanguage()).addString(h.cacheControl()).addString(h.expires())
                .addValue(Rows.json(m.userMetadata())).addValue(Rows.json(m.checksums()))
                .addInteger(m.partsCount()).addString(m.blobId());
    }

    /** Deletes the object; the blob id it had, or null if there was none. */
    public Uni<String> delete(String bucket, String key) {
        return announced(pool.preparedQuery("DELETE FROM objects.objects WHERE bucket = $1 AND key = $2 RETURNING blob_id")
                .execute(Tuple.of(bucket, key))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("blob_id")), bucket, key);
    }

    /**
     * Up to {@code limit} objects of the bucket whose key starts with {@code prefix} and sorts after
     * {@code after} (byte order), ascending.
     */
    public Uni<List<ObjectMeta>> list(String bucket, String prefix, String after, int limit) {
        String sql = "SELECT " + COLUMNS + " FROM objects.objects WHERE bucket = $1 AND key >= $2 "
                + "AND starts_with(key, $2) " + (after == null ? "" : "AND key > $4 ") + "ORDER BY key LIMIT $3";
        Tuple args = after == null ? Tuple.of(bucket, prefix, limit) : Tuple.of(bucket, prefix, limit, after);
        return pool.preparedQuery(sql).execute(args).map(rows -> {
            List<ObjectMeta> out = new ArrayList<>(rows.size());
            rows.forEach(r -> out.add(map(r.getDelegate(), 0)));
            return out;
        });
    }

    /** Which of these blob ids an object or a part still references. */
    public Uni<Set<String>> referencedBlobs(List<String> blobIds) {
        String[] ids = blobIds.toArray(String[]::new);
        return pool.preparedQuery("SELECT blob_id FROM objects.objects WHERE blob_id = ANY($1) "
                + "UNION SELECT blob_id FROM objects.parts WHERE blob_id = ANY($1)")
                .execute(Tuple.of(ids))
                .map(rows -> {
                    Set<String> out = new HashSet<>();
                    rows.forEach(r -> out.add(r.getString("blob_id")));
                    return out;
                });
    }

    /** Position of {@code blob_id} among {@link #columns}. */
    private static final int BLOB_ID = 13;

    /**
     * The object whose {@link #columns} start at position {@code first}: read by position, since looking
     * each column up by name cost a few percent of a small GET.
     */
    static ObjectMeta map(Row row, int first) {
        return new ObjectMeta(row.getString(first), row.getString(first + 1), row.getLong(first + 2),
                row.getString(first + 3),
                new ContentHeaders(row.getString(first + 4), row.getString(first + 5), row.getString(first + 6),
                        row.getString(first + 7), row.getString(first + 8), row.getString(first + 9)),
                Rows.map(row.getValue(first + 10)), Rows.map(row.getValue(first + 11)), row.getInteger(first + 12),
                row.getString(first + BLOB_ID), row.getOffsetDateTime(first + 14));
    }
}
