package io.edgestorage.objects.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.edgestorage.objects.BucketAccess;
import io.edgestorage.objects.ContentHeaders;
import io.edgestorage.objects.ObjectMeta;
import io.edgestorage.objects.metadata.ObjectRepository.Address;
import io.edgestorage.objects.metadata.ObjectRepository.Located;
import io.edgestorage.objects.support.FakeKeyService;
import io.edgestorage.objects.support.S3Clients;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The metadata cache against a real PostgreSQL, with a second replica (its own cache and change feed) in
 * this JVM: a write completes only once every replica holding a lease dropped what it changed.
 */
@QuarkusTest
@QuarkusTestResource(FakeKeyService.class)
class CacheCoherenceTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    ObjectRepository objects;

    @Inject
    BucketRepository buckets;

    @Inject
    ChangeFeed<Address> feed;

    @Inject
    MetadataCache<Address, Located> cache;

    @Inject
    Pool pool;

    @Inject
    Vertx vertx;

    @ConfigProperty(name = "quarkus.datasource.reactive.url")
    String url;

    @ConfigProperty(name = "quarkus.datasource.username")
    String user;

    @ConfigProperty(name = "quarkus.datasource.password")
    String password;

    private MetadataCache<Address, Located> otherCache;
    private ChangeFeed<Address> otherFeed;
    private String bucket;

    @BeforeEach
    void secondReplica() throws Exception {
        otherCache = new MetadataCache<>(100);
        otherFeed = new ChangeFeed<>(vertx, PgConnectOptions.fromUri(url).setUser(user).setPassword(password),
                pool.getDelegate(), otherCache, Duration.ofSeconds(1), Address::fromAnnouncement);
        bucket = "coh-" + UUID.randomUUID().toString().substring(0, 8);
        buckets.create(bucket, "acct-a").await().atMost(WAIT);
        awaitTrue(() -> inUse(otherCache) && otherFeed.serving());
        awaitTrue(() -> inUse(cache) && feed.serving());
    }

    /** A replica takes its lease only while GETs use its cache: look something up, as a GET would. */
    private static boolean inUse(MetadataCache<Address, Located> c) {
        c.get(new Address("probe", "probe"));
        return true;
    }

    @AfterEach
    void stop() {
        join(otherFeed.stop());
    }

    private static void awaitTrue(BooleanSupplier condition) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(condition::getAsBoolean);
    }

    private static <T> T join(Future<T> f) {
        return f.toCompletionStage().toCompletableFuture().orTimeout(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)
                .join();
    }

    private ObjectMeta version(String key, String blobId) {
        return new ObjectMeta(bucket, key, 4, "etag-" + blobId, new ContentHeaders("text/plain", null, null, null, null,
                null), Map.of(), Map.of(), null, blobId, null);
    }

    /** The other replica looks the key up and keeps the answer, as its GET path does. */
    private void otherReplicaCaches(Address address) {
        long stamp = otherCache.stamp(address);
        Located located = join(objects.locate(address.bucket(), address.key()));
        otherCache.fill(address, located, stamp);
        assertThat(otherCache.get(address)).as("cached on the other replica").isNotNull();
    }

    @Test
    void anOverwrite_completesOnlyOnceTheOtherReplicaDroppedTheOldRow() {
        Address address = new Address(bucket, "photo.jpg");
        join(objects.publish(version("photo.jpg", "blob-1"), "acct-a"));
        otherReplicaCaches(address);
        assertThat(otherCache.get(address).object().blobId()).isEqualTo("blob-1");

        join(objects.publish(version("photo.jpg", "blob-2"), "acct-a"));

        assertThat(otherCache.get(address)).isNull();
        otherReplicaCaches(address);
        assertThat(otherCache.get(address).object().blobId()).isEqualTo("blob-2");
    }

    @Test
    void anAccessSwitch_completesOnlyOnceTheOtherReplicaDroppedTheBucketsObjects() {
        Address address = new Address(bucket, "avatar.png");
        join(objects.publish(version("avatar.png", "blob-1"), "acct-a"));
        otherReplicaCaches(address);
        assertThat(otherCache.get(address).bucket().publicRead()).isFalse();

        assertThat(buckets.setAccess(bucket, "acct-a", BucketAccess.PUBLIC_READ).await().atMost(WAIT).publicRead())
                .isTrue();
        assertThat(otherCache.get(address)).as("dropped before the switch completed").isNull();
        otherReplicaCaches(address);
        assertThat(otherCache.get(address).bucket().publicRead()).isTrue();

        buckets.setAccess(bucket, "acct-a", BucketAccess.PRIVATE).await().atMost(WAIT);
        assertThat(otherCache.get(address)).isNull();
        otherReplicaCaches(address);
        assertThat(otherCache.get(address).bucket().publicRead()).isFalse();
    }

    @Test
    void anAccessSwitch_ofAnotherAccountsBucket_changesNothing() {
        assertThat(buckets.setAccess(bucket, "acct-b", BucketAccess.PUBLIC_READ).await().atMost(WAIT)).isNull();
        assertThat(buckets.find(bucket).await().atMost(WAIT).publicRead()).isFalse();
    }

    @Test
    void aDelete_completesOnlyOnceTheOtherReplicaDroppedTheRow() {
        Address address = new Address(bucket, "gone.txt");
        join(objects.publish(version("gone.txt", "blob-1"), "acct-a"));
        otherReplicaCaches(address);

        objects.delete(bucket, "gone.txt").await().atMost(WAIT);

        assertThat(otherCache.get(address)).isNull();
        assertThat(join(objects.locate(bucket, "gone.txt")).object()).isNull();
    }

    @Test
    void aChangeMadeOutsideTheService_reachesEveryCache() throws Exception {
        Address address = new Address(bucket, "edited.txt");
        join(objects.publish(version("edited.txt", "blob-1"), "acct-a"));
        otherReplicaCaches(address);

        pool.preparedQuery("UPDATE objects.objects SET etag = 'etag-by-hand' WHERE bucket = $1 AND key = $2")
                .execute(Tuple.of(bucket, "edited.txt")).await().atMost(WAIT);

        awaitTrue(() -> otherCache.get(address) == null);
    }

    @Test
    void aReplicaThatStoppedAnswering_holdsWritesOnlyUntilItsLeaseEnds() throws Exception {
        String silent = "silent-" + UUID.randomUUID();
        pool.preparedQuery("INSERT INTO objects.cache_replicas VALUES ($1, 'silent-process', now() + interval '3 seconds')")
                .execute(Tuple.of(silent)).await().atMost(WAIT);
        long heldMillis;
        try {
            // the lease table as this replica's writes see it
            awaitTrue(() -> feed.seesLease(silent));
            long started = System.nanoTime();
            join(objects.publish(version("held.txt", "blob-1"), "acct-a"));
            heldMillis = (System.nanoTime() - started) / 1_000_000;
        } finally {
            pool.preparedQuery("DELETE FROM objects.cache_replicas WHERE replica_id = $1").execute(Tuple.of(silent))
                    .await().atMost(WAIT);
        }

        assertThat(heldMillis).as("the write waited for the silent replica's lease to end").isGreaterThan(1_000);
        assertThat(join(objects.locate(bucket, "held.txt")).object().blobId()).isEqualTo("blob-1");
    }

    @Test
    void losingTheListeningConnection_turnsTheCacheOff_untilTheReplicaListensAndJoinsAgain() throws Exception {
        Address address = new Address(bucket, "k");
        join(objects.publish(version("k", "blob-1"), "acct-a"));
        otherReplicaCaches(address);

        pool.preparedQuery("SELECT pg_terminate_backend($1)").execute(Tuple.of(otherFeed.listeningBackend()))
                .await().atMost(WAIT);

        awaitTrue(() -> !otherFeed.serving());
        assertThat(otherCache.size()).as("everything dropped: announcements may have been missed").isZero();
        // writes meanwhile neither fail nor hang
        join(objects.publish(version("k", "blob-2"), "acct-a"));
        awaitTrue(() -> inUse(otherCache) && otherFeed.serving());
        otherReplicaCaches(address);
        assertThat(otherCache.get(address).object().blobId()).isEqualTo("blob-2");
    }

    @Test
    void malformedMessagesOnTheSyncChannel_areIgnored_andWritesStillWaitForTheOtherReplica() {
        pool.query("SELECT pg_notify('edge_cache_sync', p) FROM unnest(ARRAY['b x notanumber', 'a', '', "
                + "'a r w 99999999999999999999', 'zz 1 2']) AS p").execute().await().atMost(WAIT);
        Address address = new Address(bucket, "after-noise.txt");
        join(objects.publish(version("after-noise.txt", "blob-1"), "acct-a"));
        otherReplicaCaches(address);

        join(objects.publish(version("after-noise.txt", "blob-2"), "acct-a"));

        assertThat(otherFeed.serving()).isTrue();
        assertThat(otherCache.get(address)).isNull();
    }

    @Test
    void aReplicaWhoseCacheGoesUnused_givesItsLeaseBack_andTakesItAgainWhenUsed() throws Exception {
        assertThat(otherFeed.holdsLease()).isTrue();

        awaitTrue(() -> !otherFeed.holdsLease()); // three leases (3 s in tests) without a lookup

        assertThat(otherFeed.serving()).isFalse();
        awaitTrue(() -> inUse(otherCache) && otherFeed.serving());
        assertThat(otherFeed.holdsLease()).isTrue();
    }

    @Test
    void throughTheS3Api_everyReadAfterAnAcknowledgedWriteSeesIt() throws Exception {
        S3Client s3 = S3Clients.accountA();
        String name = S3Clients.bucketName("coh");
        s3.createBucket(b -> b.bucket(name));
        // the SDK's first use can take longer than the idle time after which a replica gives its lease back
        awaitTrue(() -> inUse(cache) && feed.serving());
        for (int i = 1; i <= 3; i++) {
            String body = "version " + i;
            s3.putObject(b -> b.bucket(name).key("k"), RequestBody.fromString(body));
            for (int read = 0; read < 3; read++) { // the second and third reads come from the cache
                assertThat(s3.getObjectAsBytes(b -> b.bucket(name).key("k")).asUtf8String()).isEqualTo(body);
            }
            assertThat(cache.get(new Address(name, "k"))).as("served from the cache (serving %s, lease %s)",
                    feed.serving(), feed.holdsLease()).isNotNull();
        }
        s3.deleteObject(b -> b.bucket(name).key("k"));
        assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket(name).key("k"))).isInstanceOf(NoSuchKeyException.class);
    }
}
