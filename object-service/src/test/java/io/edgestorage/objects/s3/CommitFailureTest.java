package io.edgestorage.objects.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.edgestorage.objects.ContentHeaders;
import io.edgestorage.objects.ObjectMeta;
import io.edgestorage.objects.S3Error;
import io.edgestorage.objects.S3Exception;
import io.edgestorage.objects.metadata.ObjectRepository;
import io.edgestorage.objects.support.FakeKeyService;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.pgclient.PgException;

/** A publication refused by the bucket's foreign key is NoSuchBucket, known by its SQL state alone. */
@QuarkusTest
@QuarkusTestResource(FakeKeyService.class)
class CommitFailureTest {

    @Inject
    ObjectRepository objects;

    @Test
    void theDatabasesOwnRefusal_ofARowWhoseBucketIsGone_isNoSuchBucket() {
        ObjectMeta orphan = new ObjectMeta("gone-" + UUID.randomUUID(), "k", 1, "etag",
                new ContentHeaders(null, null, null, null, null, null), Map.of(), Map.of(), null, "blob", null);
        Throwable refused = objects.put(orphan, null).map(replaced -> (Throwable) null)
                .onFailure().recoverWithItem(t -> t).await().atMost(Duration.ofSeconds(10));

        assertThat(refused).as("the driver's own exception").isNotNull();
        assertThat(ObjectOps.commitFailure(refused))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.error()).isSameAs(S3Error.NO_SUCH_BUCKET));
    }

    static PgException pg(String message, String sqlState) {
        return new PgException(message, "ERROR", sqlState, null);
    }

    @Test
    void aForeignKeyViolation_isNoSuchBucket_whateverItsMessageSays() {
        assertThat(ObjectOps.commitFailure(pg("insert or update violates a constraint", "23503")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.error()).isSameAs(S3Error.NO_SUCH_BUCKET));
    }

    @Test
    void aForeignKeyViolation_wrappedByAnotherLayer_isNoSuchBucket() {
        Throwable wrapped = new CompletionException(new RuntimeException(pg("violation", "23503")));
        assertThat(ObjectOps.commitFailure(wrapped))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.error()).isSameAs(S3Error.NO_SUCH_BUCKET));
    }

    @Test
    void anotherFailureThatMerelyMentionsAForeignKey_staysWhatItIs() {
        PgException unique = pg("duplicate key value violates unique constraint \"foreign key\" (23503)", "23505");
        assertThat(ObjectOps.commitFailure(unique)).isSameAs(unique);
        RuntimeException text = new RuntimeException("violates foreign key constraint (23503)");
        assertThat(ObjectOps.commitFailure(text)).isSameAs(text);
    }
}
