package io.edgestorage.objects.repository;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.edgestorage.objects.Bucket;
import io.edgestorage.objects.ContentHeaders;
import io.edgestorage.objects.ObjectMeta;
import io.smallrye.mutiny.Uni;
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
    }

    /** What a GET or HEAD needs: the bucket (null when absent) and the object (null when absent). */
    public record Located(Bucket bucket, ObjectMeta object) {
    }

    private static final String LOCATE = "SELECT b.name AS b_name, b.account_id, b.created_at, "
            + columns("o.")
            + " FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS q(bucket, key, ord)"
            + " LEFT JOIN objects.buckets b ON b.name = q.bucket"
            + " LEFT JOIN objects.objects o ON o.bucket = q.bucket AND o.key = q.key COLLATE \"C\""
            + " ORDER BY q.ord";

    private final Pool pool;
    private final StatementBatcher<Address, Located> locator;

    public ObjectRepository(Pool pool) {
        this.pool = pool;
        this.locator = new StatementBatcher<>(this::locateAll, 1, 128);
    }

    /**
     * The bucket and the object of a GET or HEAD in one indexed lookup, batched with the lookups of
     * concurrent requests (see {@link StatementBatcher}).
     */
    public Future<Located> locate(String bucket, String key) {
        return locator.submit(new Address(bucket, key));
    }

    private Future<List<Located>> locateAll(List<Address> addresses) {
        String[] bucketNames = new String[addresses.size()];
        String[] keys = new String[addresses.size()];
        for (int i = 0; i < bucketNames.length; i++) {
            bucketNames[i] = addresses.get(i).bucket();
            keys[i] = addresses.get(i).key();
        }
        return pool.getDelegate().preparedQuery(LOCATE)
                .execute(io.vertx.sqlclient.Tuple.tuple().addArrayOfString(bucketNames).addArrayOfString(keys))
                .map(rows -> {
                    List<Located> out = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        Bucket b = row.getString(0) == null ? null
                                : new Bucket(row.getString(0), row.getString(1), row.getOffsetDateTime(2));
                        out.add(new Located(b, row.getString(3 + BLOB_ID) == null ? null : map(row, 3)));
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
        return put(pool, m);
    }

    /**
     * {@link #put(ObjectMeta)} on plain Vert.x futures, for the PUT path: each Mutiny operator captures and
     * restores the request context, which showed in the profile of small PUTs.
     */
    public Future<String> publish(ObjectMeta m) {
        return pool.getDelegate().preparedQuery(UPSERT).execute(upsertArgs(m).getDelegate())
                .map(rows -> rows.iterator().next().getString("old_blob"));
    }

    static Uni<String> put(SqlClient client, ObjectMeta m) {
        return client.preparedQuery(UPSERT).execute(upsertArgs(m))
                .map(rows -> rows.iterator().next().getString("old_blob"));
    }

    /** Insert or replace; returns only the replaced blob id (nothing else is read back, nothing to decode). */
    private static final String UPSERT = "WITH old AS (SELECT blob_id FROM objects.objects WHERE bucket = $1 AND key = $2) "
            + "INSERT INTO objects.objects (bucket, key, size, etag, content_type, content_disposition, "
            + "content_encoding, content_language, cache_control, expires, user_metadata, checksums, parts_count, "
            + "blob_id, last_modified) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, now()) "
            + "ON CONFLICT (bucket, key) DO UPDATE SET size = EXCLUDED.size, etag = EXCLUDED.etag, "
            + "content_type = EXCLUDED.content_type, content_disposition = EXCLUDED.content_disposition, "
            + "content_encoding = EXCLUDED.content_encoding, content_language = EXCLUDED.content_language, "
            + "cache_control = EXCLUDED.cache_control, expires = EXCLUDED.expires, "
            + "user_metadata = EXCLUDED.user_metadata, checksums = EXCLUDED.checksums, "
            + "parts_count = EXCLUDED.parts_count, blob_id = EXCLUDED.blob_id, last_modified = now() "
            + "RETURNING (SELECT blob_id FROM old) AS old_blob";

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
        return pool.preparedQuery("DELETE FROM objects.objects WHERE bucket = $1 AND key = $2 RETURNING blob_id")
                .execute(Tuple.of(bucket, key))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("blob_id"));
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
