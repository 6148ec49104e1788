package io.edgestorage.objects.metadata;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.edgestorage.objects.grants.ObjectRevocation;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/** Object revocations in {@code objects.object_revocations}. */
@ApplicationScoped
public class ObjectRevocationRepository {

    private static final String COLUMNS = "id, account_id, bucket, key, prefix, not_before";

    private final Pool pool;
    private final OutboxRepository outbox;

    public ObjectRevocationRepository(Pool pool, OutboxRepository outbox) {
        this.pool = pool;
        this.outbox = outbox;
    }

    /** Records the revocation and writes its {@code announcement} to the outbox, in one transaction. */
    public Uni<Void> insert(ObjectRevocation r, OutboxRepository.OutboxEvent announcement) {
        return pool.withTransaction(tx -> tx.preparedQuery("INSERT INTO objects.object_revocations"
                + " (id, account_id, bucket, key, prefix, not_before) VALUES ($1, $2, $3, $4, $5, $6)")
                .execute(Tuple.of(r.id(), r.accountId(), r.bucket(), r.key(), r.prefix(),
                        r.notBefore().atOffset(ZoneOffset.UTC)))
                .chain(() -> outbox.append(tx, announcement)));
    }

    /** Revocations with {@code not_before} after {@code since}: those that can still refuse a live URL. */
    public Uni<List<ObjectRevocation>> since(Instant since) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM objects.object_revocations WHERE not_before > $1"
                + " ORDER BY not_before").execute(Tuple.of(since.atOffset(ZoneOffset.UTC)))
                .map(ObjectRevocationRepository::all);
    }

    /** A bucket's revocations with {@code not_before} after {@code since}, newest first. */
    public Uni<List<ObjectRevocation>> ofBucket(String bucket, Instant since) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM objects.object_revocations WHERE bucket = $1"
                + " AND not_before > $2 ORDER BY not_before DESC, id")
                .execute(Tuple.of(bucket, since.atOffset(ZoneOffset.UTC)))
                .map(ObjectRevocationRepository::all);
    }

    /** Drops revocations no live URL can fall under any more. */
    public Uni<Integer> deleteBefore(Instant notBefore) {
        return pool.preparedQuery("DELETE FROM objects.object_revocations WHERE not_before <= $1")
                .execute(Tuple.of(notBefore.atOffset(ZoneOffset.UTC))).map(RowSet::rowCount);
    }

    private static List<ObjectRevocation> all(RowSet<Row> rows) {
        List<ObjectRevocation> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            out.add(new ObjectRevocation(r.getString("id"), r.getString("account_id"), r.getString("bucket"),
                    r.getString("key"), r.getString("prefix"), r.getOffsetDateTime("not_before").toInstant()));
        }
        return out;
    }
}
