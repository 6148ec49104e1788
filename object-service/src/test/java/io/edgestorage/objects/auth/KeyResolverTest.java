package io.edgestorage.objects.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.edgestorage.objects.S3Exception;
import io.edgestorage.sigv4.CredentialScope;
import io.edgestorage.sigv4.SigningKey;
import io.smallrye.mutiny.Uni;

/** The key cache and the revocation bound, with a hand-moved clock and a scripted key-service. */
class KeyResolverTest {

    static final CredentialScope SCOPE = new CredentialScope("20261128", "us-east-1", "s3");
    static final String AK = "AKIATESTKEY000000001";
    static final String UNKNOWN = "AKIAUNKNOWN000000001";
    static final String OTHER = "AKIAOTHER00000000001";

    /** A clock the test moves. */
    static final class MovingClock extends Clock {
        Instant now = Instant.parse("2026-11-28T12:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    final MovingClock clock = new MovingClock();
    final AtomicInteger fetches = new AtomicInteger();
    volatile String mode = "found";

    KeyResolver resolver(boolean failClosed) {
        KeyResolver.KeyFetcher fetcher = (id, scope) -> {
            fetches.incrementAndGet();
            return switch (mode) {
                case "found" -> Uni.createFrom().item(new KeyResolver.Found(
                        new KeyResolver.ResolvedKey(id, "acct", SigningKey.derive("secret", scope))));
                case "unknown" -> Uni.createFrom().item(new KeyResolver.Unknown("access-key-revoked"));
                default -> Uni.createFrom().failure(new java.net.ConnectException("key-service down"));
            };
        };
        return caughtUp(new KeyResolver(fetcher, clock, new KeyResolver.Settings(Duration.ofSeconds(10),
                Duration.ofMinutes(5), Duration.ofSeconds(10), failClosed, 100, 100)));
    }

    /** As the event consumer declares once it has read the topic up to its end (see the catch-up tests). */
    static KeyResolver caughtUp(KeyResolver r) {
        r.caughtUp();
        return r;
    }

    static String code(Throwable t) {
        return ((S3Exception) t).error().code();
    }

    @Test
    void withAHealthyEventStream_theCacheAnswers() {
        KeyResolver r = resolver(true);
        r.resolve(AK, SCOPE).await().indefinitely();
        r.signOfLife();
        r.resolve(AK, SCOPE).await().indefinitely();
        assertThat(fetches.get()).isEqualTo(1);
    }

    @Test
    void afterMaxSilence_everyUseRevalidatesWithKeyService_andARevokedKeyIsRefused() {
        KeyResolver r = resolver(true);
        r.resolve(AK, SCOPE).await().indefinitely();
        clock.advance(Duration.ofSeconds(11));
        r.resolve(AK, SCOPE).await().indefinitely();
        r.resolve(AK, SCOPE).await().indefinitely();
        assertThat(fetches.get()).isEqualTo(3);
        mode = "unknown";
        assertThatThrownBy(() -> r.resolve(AK, SCOPE).await().indefinitely())
                .satisfies(t -> assertThat(code(t)).isEqualTo("InvalidAccessKeyId"));
    }

    @Test
    void silentStreamAndUnreachableKeyService_failsClosed() {
        KeyResolver r = resolver(true);
        r.resolve(AK, SCOPE).await().indefinitely();
        clock.advance(Duration.ofSeconds(11));
        mode = "down";
        assertThatThrownBy(() -> r.resolve(AK, SCOPE).await().indefinitely())
                .satisfies(t -> assertThat(code(t)).isEqualTo("ServiceUnavailable"));
    }

    @Test
    void silentStreamAndUnreachableKeyService_servesTheStaleKey_whenFailOpen() {
        KeyResolver r = resolver(false);
        r.resolve(AK, SCOPE).await().indefinitely();
        clock.advance(Duration.ofSeconds(11));
        mode = "down";
        assertThat(r.resolve(AK, SCOPE).await().indefinitely().accountId()).isEqualTo("acct");
    }

    @Test
    void unknownKeys_areCachedNegatively_forTheirTtl() {
        KeyResolver r = resolver(true);
        mode = "unknown";
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> r.resolve(UNKNOWN, SCOPE).await().indefinitely())
                    .satisfies(t -> assertThat(code(t)).isEqualTo("InvalidAccessKeyId"));
        }
        assertThat(fetches.get()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(11));
        mode = "found";
        assertThat(r.resolve(UNKNOWN, SCOPE).await().indefinitely()).isNotNull();
    }

    @Test
    void revokedKey_isRefusedAtOnce_withoutAskingKeyService_untilTheNegativeTtlEnds() {
        KeyResolver r = resolver(true);
        r.resolve(AK, SCOPE).await().indefinitely();
        r.revoked(AK);
        assertThatThrownBy(() -> r.resolve(AK, SCOPE).await().indefinitely())
                .satisfies(t -> assertThat(code(t)).isEqualTo("InvalidAccessKeyId"));
        assertThat(fetches.get()).isEqualTo(1);
        assertThat(r.size()).isZero();
        clock.advance(Duration.ofSeconds(11));
        mode = "unknown"; // key-service then confirms it
        assertThatThrownBy(() -> r.resolve(AK, SCOPE).await().indefinitely())
                .satisfies(t -> assertThat(code(t)).isEqualTo("InvalidAccessKeyId"));
        assertThat(fetches.get()).isEqualTo(2);
    }

    /** A fetcher the test answers by hand, to hold calls in flight. */
    final List<CompletableFuture<KeyResolver.FetchResult>> pending =
            new CopyOnWriteArrayList<>();

    KeyResolver heldResolver() {
        KeyResolver.KeyFetcher fetcher = (id, scope) -> {
            fetches.incrementAndGet();
            CompletableFuture<KeyResolver.FetchResult> call = new CompletableFuture<>();
            pending.add(call);
            return Uni.createFrom().completionStage(call);
        };
        return caughtUp(new KeyResolver(fetcher, clock, new KeyResolver.Settings(Duration.ofSeconds(10),
                Duration.ofMinutes(5), Duration.ofSeconds(10), true, 100, 100)));
    }

    static KeyResolver.Found found(String id, String secret) {
        return new KeyResolver.Found(new KeyResolver.ResolvedKey(id, "acct", SigningKey.derive(secret, SCOPE)));
    }

    @Test
    void concurrentMisses_shareOneKeyServiceCall() {
        KeyResolver r = heldResolver();
        var first = r.resolve(AK, SCOPE).subscribeAsCompletionStage();
        var second = r.resolve(AK, SCOPE).subscribeAsCompletionStage();
        assertThat(fetches.get()).isEqualTo(1);
        pending.get(0).complete(found(AK, "secret"));
        assertThat(first.join().accountId()).isEqualTo("acct");
        assertThat(second.join().accountId()).isEqualTo("acct");
        r.resolve(AK, SCOPE).await().indefinitely(); // cached now
        assertThat(fetches.get()).isEqualTo(1);
    }

    @Test
    void aCallInFlightWhenTheKeyIsEvicted_isNotJoinedAfterwards_norCached() {
        KeyResolver r = heldResolver();
        var before = r.resolve(AK, SCOPE).subscribeAsCompletionStage();
        r.evict(AK);
        var after = r.resolve(AK, SCOPE).subscribeAsCompletionStage();
        assertThat(fetches.get()).isEqualTo(2);
        pending.get(0).complete(found(AK, "old"));
        pending.get(1).complete(found(AK, "new"));
        assertThat(before.join().signingKey()).isEqualTo(SigningKey.derive("old", SCOPE));
        assertThat(after.join().signingKey()).isEqualTo(SigningKey.derive("new", SCOPE));
        assertThat(r.resolve(AK, SCOPE).await().indefinitely().signingKey()).isEqualTo(SigningKey.derive("new", SCOPE));
        assertThat(fetches.get()).isEqualTo(2);
    }

    @Test
    void rotation_fetchesTheNewKeyForCachedScopesAtOnce() {
        KeyResolver r = resolver(true);
        r.resolve(AK, SCOPE).await().indefinitely();
        r.rotated(AK, 2);
        assertThat(fetches.get()).as("re-fetched by the event, before any request").isEqualTo(2);
        r.resolve(AK, SCOPE).await().indefinitely();
        assertThat(fetches.get()).isEqualTo(2);
        r.rotated(OTHER, 2); // never cached: nothing to fetch
        assertThat(fetches.get()).isEqualTo(2);
    }

    static KeyResolver.Found found(String id, String secret, long version) {
        return new KeyResolver.Found(new KeyResolver.ResolvedKey(id, "acct", SigningKey.derive(secret, SCOPE), version));
    }

    /** A held resolver that has fetched and cached AK with this secret and key version (fetch #0). */
    KeyResolver heldResolverCaching(String secret, long version) {
        KeyResolver r = heldResolver();
        var first = r.resolve(AK, SCOPE).subscribeAsCompletionStage();
        pending.get(0).complete(found(AK, secret, version));
        first.join();
        return r;
    }

    @Test
    void rotation_setsTheReplacedKeyAside_untilItsSuccessorIsIn() {
        KeyResolver r = heldResolver();
        assertThat(r.replacedKey(AK, SCOPE)).isNull();
        var first = r.resolve(AK, SCOPE).subscribeAsCompletionStage();
        pending.get(0).complete(found(AK, "old", 1));
        first.join();
        r.rotated(AK, 2);
        assertThat(r.replacedKey(AK, SCOPE)).as("while the new key is being fetched")
                .isEqualTo(SigningKey.derive("old", SCOPE));
        assertThat(r.replacedKey(AK, new CredentialScope("20261129", "us-east-1", "s3"))).isNull();
        r.rotated(AK, 2); // the same event again (at least once) while the new key is being fetched
        assertThat(r.replacedKey(AK, SCOPE)).isEqualTo(SigningKey.derive("old", SCOPE));
        assertThat(fetches.get()).isEqualTo(3);
        pending.get(1).complete(found(AK, "new", 2)); // overtaken by the repeated event: not cached
        assertThat(r.replacedKey(AK, SCOPE)).isEqualTo(SigningKey.derive("old", SCOPE));
        pending.get(2).complete(found(AK, "new", 2));
        assertThat(r.replacedKey(AK, SCOPE)).as("the successor is cached").isNull();
        assertThat(r.resolve(AK, SCOPE).await().indefinitely().signingKey()).isEqualTo(SigningKey.derive("new", SCOPE));

        r.rotated(AK, 3);
        assertThat(r.replacedKey(AK, SCOPE)).isEqualTo(SigningKey.derive("new", SCOPE));
        r.revoked(AK);
        assertThat(r.replacedKey(AK, SCOPE)).as("revocation refuses the key anyway").isNull();
    }

    @Test
    void rotationEvent_forAKeyAlreadyCachedAtThatVersion_keepsItAndSetsNothingAside() {
        // The entry was fetched after the rotation committed (before its event arrived): its secret is the
        // current one and must never be treated as replaced.
        KeyResolver r = heldResolverCaching("current", 2);
        r.rotated(AK, 2);
        assertThat(r.replacedKey(AK, SCOPE)).isNull();
        assertThat(fetches.get()).as("nothing to re-fetch").isEqualTo(1);
        assertThat(r.resolve(AK, SCOPE).await().indefinitely().signingKey())
                .isEqualTo(SigningKey.derive("current", SCOPE));
    }

    @Test
    void replacedKey_isForgottenAfterTheCacheMaxAge_evenIfItsSuccessorNeverArrives() {
        KeyResolver r = heldResolverCaching("old", 1);
        r.rotated(AK, 0); // an event without a version sets every cached entry aside
        assertThat(r.replacedKey(AK, SCOPE)).isEqualTo(SigningKey.derive("old", SCOPE));
        clock.advance(Duration.ofMinutes(5));
        assertThat(r.replacedKey(AK, SCOPE)).isNull();
    }

    @Test
    void evictedKey_isFetchedAgain() {
        KeyResolver r = resolver(true);
        r.resolve(AK, SCOPE).await().indefinitely();
        r.evict(AK);
        mode = "unknown";
        assertThatThrownBy(() -> r.resolve(AK, SCOPE).await().indefinitely())
                .satisfies(t -> assertThat(code(t)).isEqualTo("InvalidAccessKeyId"));
    }

    @Test
    void cacheEntries_expireAfterTheirMaxAge_evenWithHeartbeats() {
        KeyResolver r = resolver(true);
        r.resolve(AK, SCOPE).await().indefinitely();
        clock.advance(Duration.ofMinutes(6));
        r.signOfLife();
        r.resolve(AK, SCOPE).await().indefinitely();
        assertThat(fetches.get()).isEqualTo(2);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("idsThatCannotBeOurs")
    void idsThatCannotBeOurs_areRefusedWithoutAskingKeyService_andNotRemembered(String id) {
        KeyResolver r = resolver(true);
        mode = "unknown";
        assertThatThrownBy(() -> r.resolve(id, SCOPE).await().indefinitely())
                .satisfies(t -> assertThat(code(t)).isEqualTo("InvalidAccessKeyId"));
        assertThat(fetches.get()).isZero();
        assertThat(r.negativeSize()).isZero();
    }

    static Stream<String> idsThatCannotBeOurs() {
        return Stream.of("", "AKIA", "AKIATESTKEY00000001", "AKIATESTKEY0000000011", "akiatestkey000000001",
                "AKIAtestkey000000001", "ASIATESTKEY000000001", "AKIA/../../etc/passw", "AKIATESTKEY00000000\u00c9",
                "AKIATESTKEY0000000-1", "AKIA" + "A".repeat(10_000));
    }

    @Test
    void wellFormedIds_areTheShapeKeyServiceMakes() {
        assertThat(KeyResolver.isWellFormed("AKIAIOSFODNN7EXAMPLE")).isTrue();
        assertThat(KeyResolver.isWellFormed(AK)).isTrue();
        assertThat(KeyResolver.isWellFormed(null)).isFalse();
    }

    /**
     * Made-up but well-shaped ids each cost one key-service call and are remembered, in a cache bounded in size
     * (and time): 200,000 of them leave it at its bound and the heap where it was.
     */
    @Test
    void twoHundredThousandRandomIds_leaveTheNegativeCacheBounded_andTheHeapFlat() {
        int bound = 1_000;
        KeyResolver r = caughtUp(new KeyResolver((id, scope) -> {
            fetches.incrementAndGet();
            return Uni.createFrom().item(new KeyResolver.Unknown("unknown-access-key"));
        }, clock, new KeyResolver.Settings(Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofSeconds(10), true,
                100, bound)));
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = retainedHeap(memory);
        Random random = new Random(21);
        char[] alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();
        long maxSize = 0;
        for (int i = 0; i < 200_000; i++) {
            char[] id = new char[16];
            for (int c = 0; c < id.length; c++) {
                id[c] = alphabet[random.nextInt(alphabet.length)];
            }
            String accessKeyId = "AKIA" + new String(id);
            assertThatThrownBy(() -> r.resolve(accessKeyId, SCOPE).await().indefinitely())
                    .satisfies(t -> assertThat(code(t)).isEqualTo("InvalidAccessKeyId"));
            if (i % 1000 == 0) {
                maxSize = Math.max(maxSize, r.negativeSize());
            }
        }
        long growth = retainedHeap(memory) - before;
        assertThat(fetches.get()).isEqualTo(200_000);
        assertThat(Math.max(maxSize, r.negativeSize())).isLessThanOrEqualTo(bound);
        assertThat(growth).as("heap retained after 200,000 ids (bytes)").isLessThan(16L * 1024 * 1024);
        clock.advance(Duration.ofSeconds(11));
        assertThat(r.negativeSize()).as("and each entry lives the negative TTL only").isZero();
    }

    private static long retainedHeap(MemoryMXBean memory) {
        System.gc();
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    @Test
    void untilTheEventConsumerHasCaughtUp_everyUseRevalidatesWithKeyService() {
        KeyResolver r = new KeyResolver((id, scope) -> {
            fetches.incrementAndGet();
            return Uni.createFrom().item(found(id, "secret"));
        }, clock, new KeyResolver.Settings(Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofSeconds(10), true,
                100, 100));
        r.signOfLife();
        r.resolve(AK, SCOPE).await().indefinitely();
        r.resolve(AK, SCOPE).await().indefinitely();
        assertThat(fetches.get()).as("not served from the cache before the consumer caught up").isEqualTo(2);
        r.caughtUp();
        r.resolve(AK, SCOPE).await().indefinitely();
        assertThat(fetches.get()).isEqualTo(2);
    }

    @Test
    void catchingUp_forgetsKeysFetchedBefore_andAFetchStillInFlightIsNotCached() {
        KeyResolver r = heldResolver();
        var first = r.resolve(AK, SCOPE).subscribeAsCompletionStage();
        pending.get(0).complete(found(AK, "secret"));
        first.join();
        var inFlight = r.resolve(OTHER, SCOPE).subscribeAsCompletionStage();
        r.catchingUp();
        assertThat(r.size()).isZero();
        pending.get(1).complete(found(OTHER, "secret"));
        inFlight.join();
        assertThat(r.size()).as("answered, not cached").isZero();
    }

    @Test
    void recheck_passesWhileTheKeyHolds_andFailsOnceRevokedOrRotated() {
        KeyResolver r = resolver(true);
        SigningKey signedWith = r.resolve(AK, SCOPE).await().indefinitely().signingKey();
        r.recheck(AK, SCOPE, signedWith).await().indefinitely();
        r.recheck(AK, null, null).await().indefinitely();
        assertThatThrownBy(() -> r.recheck(AK, SCOPE, SigningKey.derive("rotated", SCOPE)).await().indefinitely())
                .satisfies(t -> assertThat(code(t)).isEqualTo("SignatureDoesNotMatch"));
        r.revoked(AK);
        assertThatThrownBy(() -> r.recheck(AK, SCOPE, signedWith).await().indefinitely())
                .satisfies(t -> assertThat(code(t)).isEqualTo("InvalidAccessKeyId"));
        assertThatThrownBy(() -> r.recheck(AK, null, null).await().indefinitely())
                .as("SigV2: key-service verified it; a revocation event refuses it")
                .satisfies(t -> assertThat(code(t)).isEqualTo("InvalidAccessKeyId"));
    }
}
