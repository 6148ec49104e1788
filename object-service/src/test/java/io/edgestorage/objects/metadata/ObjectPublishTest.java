package io.edgestorage.objects.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.edgestorage.objects.ContentHeaders;
import io.edgestorage.objects.ObjectMeta;
import io.edgestorage.objects.metadata.ObjectRepository.Published;
import io.edgestorage.objects.support.FakeKeyService;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** PutObject's publication: ownership checked in the statement, group commit, one bad row fails alone. */
@QuarkusTest
@QuarkusTestResource(FakeKeyService.class)
class ObjectPublishTest {

    @Inject
    ObjectRepository objects;

    @Inject
    BucketRepository buckets;

    @Inject
    Vertx vertx;

    private String bucketOf(String account) throws Exception {
        String name = "pub-" + UUID.randomUUID().toString().substring(0, 8);
        buckets.create(name, account).await().atMost(java.time.Duration.ofSeconds(5));
        return name;
    }

    private static ObjectMeta object(String bucket, String key, String blobId) {
        return new ObjectMeta(bucket, key, 4, "etag-" + blobId, new ContentHeaders("text/plain", null, null, null, null, null),
                Map.of("color", "blue"), Map.of(), null, blobId, null);
    }

    private Future<Published> publishAsA(String bucket, String key, String blobId) {
        return objects.publish(object(bucket, key, blobId), "acct-a");
    }

    /** Makes the calls in one event-loop turn (so they share a statement) and waits for all of them. */
    private List<Published> inOneTurn(Supplier<List<Future<Published>>> calls) throws Exception {
        CompletableFuture<List<Future<Published>>> started = new CompletableFuture<>();
        vertx.getOrCreateContext().runOnContext(v -> started.complete(calls.get()));
        List<Future<Published>> futures = started.get(5, TimeUnit.SECONDS);
        Future.join(futures).toCompletionStage().toCompletableFuture().handle((ok, e) -> null).get(10, TimeUnit.SECONDS);
        return futures.stream().map(f -> f.succeeded() ? f.result() : null).toList();
    }

    private ObjectMeta stored(String bucket, String key) {
        return objects.find(bucket, key).await().atMost(java.time.Duration.ofSeconds(5));
    }

    @Test
    void publishesOfOneTurn_areWrittenTogether_andEachReportsTheBlobItReplaced() throws Exception {
        String bucket = bucketOf("acct-a");
        inOneTurn(() -> List.of(publishAsA(bucket, "k1", "old1")));

        List<Published> results = inOneTurn(() -> List.of(
                publishAsA(bucket, "k1", "new1"),
                publishAsA(bucket, "k2", "new2")));

        assertThat(results).containsExactly(new Published(true, "old1"), new Published(true, null));
        assertThat(stored(bucket, "k1").blobId()).isEqualTo("new1");
        assertThat(stored(bucket, "k2").userMetadata()).containsEntry("color", "blue");
        assertThat(stored(bucket, "k2").headers().contentType()).isEqualTo("text/plain");
    }

    @Test
    void twoPublishesOfOneKeyInOneTurn_bothSucceed_andTheLaterWins() throws Exception {
        String bucket = bucketOf("acct-a");

        List<Published> results = inOneTurn(() -> List.of(
                publishAsA(bucket, "k", "first"),
                publishAsA(bucket, "k", "second")));

        assertThat(results).containsExactly(new Published(true, null), new Published(true, "first"));
        assertThat(stored(bucket, "k").blobId()).isEqualTo("second");
    }

    @Test
    void aBucketOfAnotherAccount_orNoBucket_isNotWritten_andItsNeighboursAre() throws Exception {
        String mine = bucketOf("acct-a");
        String theirs = bucketOf("acct-b");

        List<Published> results = inOneTurn(() -> List.of(
                publishAsA(theirs, "k", "intruder"),
                publishAsA("pub-no-such-bucket", "k", "nowhere"),
                publishAsA(mine, "k", "mine")));

        assertThat(results).containsExactly(new Published(false, null), new Published(false, null),
                new Published(true, null));
        assertThat(stored(theirs, "k")).isNull();
        assertThat(stored(mine, "k").blobId()).isEqualTo("mine");
    }

    @Test
    void aRowThatFailsTheSharedStatement_failsAlone() throws Exception {
        String bucket = bucketOf("acct-a");

        // PostgreSQL text cannot hold NUL: this row makes any statement that carries it fail
        List<Published> results = inOneTurn(() -> List.of(
                publishAsA(bucket, "bad\u0000key", "bad"),
                publishAsA(bucket, "good", "good")));

        assertThat(results.get(0)).isNull();
        assertThat(results.get(1)).isEqualTo(new Published(true, null));
        assertThat(stored(bucket, "good").blobId()).isEqualTo("good");
    }
}
