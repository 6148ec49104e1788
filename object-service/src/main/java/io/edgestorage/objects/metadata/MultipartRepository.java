package io.edgestorage.objects.metadata;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.edgestorage.objects.CompletedUpload;
import io.edgestorage.objects.ContentHeaders;
import io.edgestorage.objects.MultipartUpload;
import io.edgestorage.objects.ObjectMeta;
import io.edgestorage.objects.Part;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** Multipart uploads and their parts. */
@ApplicationScoped
public class MultipartRepository {

    private static final String UPLOAD_COLUMNS = "upload_id, bucket, key, content_type, content_disposition, "
            + "content_encoding, content_language, cache_control, expires, user_metadata, checksum_algorithm, "
            + "initiated_at";
    private static final String PART_COLUMNS = "upload_id, part_number, size, etag, checksums, blob_id, last_modified";

    private final Pool pool;

    private final ObjectRepository objects;

    public MultipartRepository(Pool pool, ObjectRepository objects) {
        this.pool = pool;
        this.objects = objects;
    }

    public Uni<MultipartUpload> create(MultipartUpload u) {
        ContentHeaders h = u.headers();
        Tuple args = Tuple.tuple().addString(u.uploadId()).addString(u.bucket()).addString(u.key())
                .addString(h.contentType()).addString(h.contentDisposition()).addString(h.contentEncoding())
                .addString(h.contentLanguage()).addString(h.cacheControl()).addString(h.expires())
                .addValue(Rows.json(u.userMetadata())).addString(u.checksumAlgorithm());
        return pool.preparedQuery("INSERT INTO objects.multipart_uploads (upload_id, bucket, key, content_type, "
                + "content_disposition, content_encoding, content_language, cache_control, expires, user_metadata, "
                + "checksum_algorithm) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING "
                + UPLOAD_COLUMNS)
                .execute(args).map(rows -> mapUpload(rows.iterator().next()));
    }

    public Uni<MultipartUpload> find(String uploadId) {
        return pool.preparedQuery("SELECT " + UPLOAD_COLUMNS + " FROM objects.multipart_uploads WHERE upload_id = $1")
                .execute(Tuple.of(uploadId))
                .map(rows -> rows.size() == 0 ? null : mapUpload(rows.iterator().next()));
    }

    /** Uploads of the bucket under the prefix, ordered by key and initiation, after the markers. */
    public Uni<List<MultipartUpload>> list(String bucket, String prefix, String keyMarker, int limit) {
        String sql = "SELECT " + UPLOAD_COLUMNS + " FROM objects.multipart_uploads WHERE bucket = $1 "
                + "AND starts_with(key, $2) " + (keyMarker == null ? "" : "AND key > $4 ")
                + "ORDER BY key, initiated_at LIMIT $3";
        Tuple args = keyMarker == null ? Tuple.of(bucket, prefix, limit) : Tuple.of(bucket, prefix, limit, keyMarker);
        return pool.preparedQuery(sql).execute(args).map(rows -> {
            List<MultipartUpload> out = new ArrayList<>();
            rows.forEach(r -> out.add(mapUpload(r)));
            return out;
        });
    }

    /** Records (or replaces) a part; the replaced part's blob id, or null. Null result if the upload is gone. */
    public Uni<PutPartResult> putPart(Part p) {
        Tuple args = Tuple.tuple().addString(p.uploadId()).addInteger(p.partNumber()).addLong(p.size())
                .addString(p.etag()).addValue(Rows.json(p.checksums())).addString(p.blobId());
        return pool.withTransaction(conn -> conn
                .preparedQuery("SELECT upload_id FROM objects.multipart_uploads WHERE upload_id = $1 FOR SHARE")
                .execute(Tuple.of(p.uploadId()))
                .flatMap(found -> {
                    if (found.size() == 0) {
                        return Uni.createFrom().item(new PutPartResult(false, null));
                    }
                    return conn.preparedQuery("WITH old AS (SELECT blob_id FROM objects.parts WHERE upload_id = $1 "
                            + "AND part_number = $2) INSERT INTO objects.parts (upload_id, part_number, size, etag, "
                            + "checksums, blob_id) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (upload_id, part_number) "
                            + "DO UPDATE SET size = EXCLUDED.size, etag = EXCLUDED.etag, checksums = EXCLUDED.checksums, "
                            + "blob_id = EXCLUDED.blob_id, last_modified = now() RETURNING (SELECT blob_id FROM old) AS old_blob")
                            .execute(args)
                            .map(rows -> new PutPartResult(true, rows.iterator().next().getString("old_blob")));
                }));
    }

    public record PutPartResult(boolean uploadExists, String replacedBlobId) {
    }

    public Uni<List<Part>> parts(String uploadId) {
        return pool.preparedQuery("SELECT " + PART_COLUMNS + " FROM objects.parts WHERE upload_id = $1 "
                + "ORDER BY part_number")
                .execute(Tuple.of(uploadId))
                .map(rows -> {
                    List<Part> out = new ArrayList<>();
                    rows.forEach(r -> out.add(mapPart(r)));
                    return out;
                });
    }

    /**
     * Deletes the upload and its parts.
     *
     * @return the part blob ids, or null if the upload did not exist
     */
    public Uni<List<String>> abort(String uploadId) {
        return pool.withTransaction(conn -> lockUpload(conn, uploadId).flatMap(exists -> !exists
                ? Uni.createFrom().<List<String>>nullItem()
                : deleteUpload(conn, uploadId)));
    }

    /**
     * Publishes the completed object and removes the upload in one transaction, if the write condition
     * (null: none) holds; otherwise fails and the upload stays as it was.
     *
     * @return the blob id of the object version replaced, or null; fails if the upload vanished meanwhile
     */
    public Uni<CompleteResult> complete(String uploadId, ObjectMeta object, WriteCondition condition,
            CompletedUpload completed) {
        return objects.announced(pool.withTransaction(conn -> lockUpload(conn, uploadId).flatMap(exists -> !exists
                ? Uni.createFrom().item(new CompleteResult(false, null, List.of()))
                : deleteUpload(conn, uploadId).flatMap(blobs -> ObjectRepository.putIf(conn, object, condition)
                        .flatMap(old -> recordCompleted(conn, completed)
                                .map(x -> new CompleteResult(true, old, blobs)))))), object.bucket(), object.key());
    }

    private static final String COMPLETED_COLUMNS = "upload_id, bucket, key, blob_id, etag, checksums, part_numbers, "
            + "part_etags, part_sizes, part_checksums, completed_at";

    private static Uni<Void> recordCompleted(SqlClient conn, CompletedUpload c) {
        int n = c.parts().size();
        Integer[] numbers = new Integer[n];
        String[] etags = new String[n];
        Long[] sizes = new Long[n];
        String[] checksums = new String[n];
        boolean anyChecksum = false;
        for (int i = 0; i < n; i++) {
            CompletedUpload.PartLayout p = c.parts().get(i);
            numbers[i] = p.partNumber();
            etags[i] = p.etag();
            sizes[i] = p.size();
            checksums[i] = p.checksum();
            anyChecksum |= p.checksum() != null;
        }
        Tuple args = Tuple.tuple().addString(c.uploadId()).addString(c.bucket()).addString(c.key())
                .addString(c.blobId()).addString(c.etag()).addValue(Rows.json(c.checksums()))
                .addArrayOfInteger(numbers).addArrayOfString(etags).addArrayOfLong(sizes)
                .addArrayOfString(anyChecksum ? checksums : null);
        return conn.preparedQuery("INSERT INTO objects.completed_uploads (upload_id, bucket, key, blob_id, etag, "
                + "checksums, part_numbers, part_etags, part_sizes, part_checksums) "
                + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)")
                .execute(args).replaceWithVoid();
    }

    /** The upload, if it completed no longer than {@code retention} ago; else null. */
    public Uni<CompletedUpload> completed(String uploadId, Duration retention) {
        return pool.preparedQuery("SELECT " + COMPLETED_COLUMNS + " FROM objects.completed_uploads WHERE upload_id = $1 "
                + "AND completed_at > now() - make_interval(secs => $2)")
                .execute(Tuple.of(uploadId, (double) retention.toMillis() / 1000))
                .map(rows -> rows.size() == 0 ? null : mapCompleted(rows.iterator().next()));
    }

    /** The completed upload that made the object version stored in {@code blobId}, or null. */
    public Uni<CompletedUpload> layout(String blobId) {
        return pool.preparedQuery("SELECT " + COMPLETED_COLUMNS + " FROM objects.completed_uploads WHERE blob_id = $1 "
                + "ORDER BY completed_at DESC LIMIT 1")
                .execute(Tuple.of(blobId))
                .map(rows -> rows.size() == 0 ? null : mapCompleted(rows.iterator().next()));
    }

    /** Forgets completed uploads older than {@code retention} whose object version is no longer current. */
    public Uni<Integer> sweepCompleted(Duration retention) {
        return pool.preparedQuery("DELETE FROM objects.completed_uploads c WHERE completed_at < now() - "
                + "make_interval(secs => $1) AND NOT EXISTS (SELECT 1 FROM objects.objects o WHERE o.blob_id = c.blob_id)")
                .execute(Tuple.of((double) retention.toMillis() / 1000)).map(rows -> rows.rowCount());
    }

    static CompletedUpload mapCompleted(Row r) {
        Integer[] numbers = r.getArrayOfIntegers("part_numbers");
        String[] etags = r.getArrayOfStrings("part_etags");
        Long[] sizes = r.getArrayOfLongs("part_sizes");
        String[] checksums = r.getArrayOfStrings("part_checksums");
        List<CompletedUpload.PartLayout> parts = new ArrayList<>(numbers.length);
        for (int i = 0; i < numbers.length; i++) {
            parts.add(new CompletedUpload.PartLayout(numbers[i], etags[i], sizes[i],
                    checksums == null ? null : checksums[i]));
        }
        return new CompletedUpload(r.getString("upload_id"), r.getString("bucket"), r.getString("key"),
                r.getString("blob_id"), r.getString("etag"), Rows.map(r, "checksums"), List.copyOf(parts),
                r.getOffsetDateTime("completed_at"));
    }

    /**
     * Locks the upload row before its parts are touched, in the order UploadPart takes them too (upload row,
     * then part rows): deleting the parts first deadlocked with a part being uploaded again at that moment.
     *
     * @return whether the upload exists
     */
    private static Uni<Boolean> lockUpload(SqlClient conn, String uploadId) {
        return conn.preparedQuery("SELECT upload_id FROM objects.multipart_uploads WHERE upload_id = $1 FOR UPDATE")
                .execute(Tuple.of(uploadId)).map(rows -> rows.size() > 0);
    }

    /** Within the transaction that locked the upload: removes it and its parts, answering the parts' blobs. */
    private static Uni<List<String>> deleteUpload(SqlClient conn, String uploadId) {
        return conn.preparedQuery("DELETE FROM objects.parts WHERE upload_id = $1 RETURNING blob_id")
                .execute(Tuple.of(uploadId))
                .flatMap(parts -> {
                    List<String> blobs = new ArrayList<>();
                    parts.forEach(r -> blobs.add(r.getString("blob_id")));
                    return conn.preparedQuery("DELETE FROM objects.multipart_uploads WHERE upload_id = $1")
                            .execute(Tuple.of(uploadId)).map(r -> blobs);
                });
    }

    public record CompleteResult(boolean uploadExisted, String replacedBlobId, List<String> partBlobIds) {
    }

    static MultipartUpload mapUpload(Row r) {
        return new MultipartUpload(r.getString("upload_id"), r.getString("bucket"), r.getString("key"),
                Rows.headers(r), Rows.map(r, "user_metadata"), r.getString("checksum_algorithm"),
                r.getOffsetDateTime("initiated_at"));
    }

    static Part mapPart(Row r) {
        return new Part(r.getString("upload_id"), r.getInteger("part_number"), r.getLong("size"), r.getString("etag"),
                Rows.map(r, "checksums"), r.getString("blob_id"), r.getOffsetDateTime("last_modified"));
    }
}
