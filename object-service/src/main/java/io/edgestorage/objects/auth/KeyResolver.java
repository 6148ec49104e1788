package io.edgestorage.objects.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.edgestorage.objects.S3Error;
import io.edgestorage.sigv4.CredentialScope;
import io.edgestorage.sigv4.SigningKey;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * The verifier's view of access keys: derived signing keys fetched from key-service and cached, unknown
 * keys cached negatively for a short time, entries evicted on key events, and the revocation bound:
 * when the event stream has been silent for {@code maxSilence}, cached keys are no longer trusted and
 * every use revalidates with key-service; if key-service cannot be reached either, the request is
 * refused ({@code failClosed}) or served from the stale entry.
 *
 * <p>Nothing is served from the cache until the event consumer has caught up with the topic
 * ({@link #catchingUp()}, {@link #caughtUp()}): a replica that starts reads only events published after its
 * partitions are assigned, so a key it fetched earlier may have been revoked in between.
 *
 * <p>Access key ids that cannot be ours ({@link #isWellFormed}) are refused before any lookup, and unknown
 * ids are remembered in a cache bounded in size and time: requests with made-up ids cost neither a
 * key-service call each nor memory that grows with their number.
 *
 * <p>Concurrent misses for one key and scope share one key-service call, and a rotation re-fetches the
 * scopes that were cached at once, so a hot key neither stampedes key-service nor waits for it after
 * a rotation. Until the new key is in, the one it replaced is kept aside ({@link #replacedKey}): a
 * request signed with it is refused at once instead of waiting for key-service to say so.
 *
 * <p>Plain class (no CDI) so its timing rules are tested with a fixed clock.
 */
public final class KeyResolver {

    /**
     * A key that signs for one account.
     *
     * @param keyVersion the version of its secret, as key-service numbers them (0 if not known)
     */
    public record ResolvedKey(String accessKeyId, String accountId, SigningKey signingKey, long keyVersion) {

        public ResolvedKey(String accessKeyId, String accountId, SigningKey signingKey) {
            this(accessKeyId, accountId, signingKey, 0);
        }

        @Override
        public String toString() {
            return "ResolvedKey[" + accessKeyId + ", account=" + accountId + "]";
        }
    }

    /** What key-service said about a key. */
    public sealed interface FetchResult permits Found, Unknown {
    }

    public record Found(ResolvedKey key) implements FetchResult {
    }

    /** Unknown or revoked: the reason code key-service gave. */
    public record Unknown(String reason) implements FetchResult {
    }

    /** Asks key-service; fails the Uni when key-service cannot be reached. */
    @FunctionalInterface
    public interface KeyFetcher {
        Uni<FetchResult> fetch(String accessKeyId, CredentialScope scope);
    }

    /**
     * @param maxEntries         bound of the cache of signing keys
     * @param negativeMaxEntries bound of the cache of unknown or revoked ids
     */
    public record Settings(Duration maxSilence, Duration cacheMaxAge, Duration negativeTtl, boolean failClosed,
            int maxEntries, int negativeMaxEntries) {
    }

    /** Access key ids as key-service makes them: {@code AKIA} and 16 of {@code [A-Z0-9]}. */
    private static final String ACCESS_KEY_PREFIX = "AKIA";
    private static final int ACCESS_KEY_LENGTH = 20;

    private record CacheKey(String accessKeyId, CredentialScope scope) {
    }

    private record Entry(ResolvedKey key, Instant fetchedAt) {
    }

    private record Replaced(SigningKey key, Instant until) {
    }

    private final KeyFetcher fetcher;
    private final Clock clock;
    private final Settings settings;
    private final Map<CacheKey, Entry> positive = new ConcurrentHashMap<>();
    /** Unknown or revoked ids; evicting one early only costs a key-service call (its positive entries are gone). */
    private final Cache<String, Boolean> negative;
    private final Map<CacheKey, CompletableFuture<FetchResult>> inFlight = new ConcurrentHashMap<>();
    private final Map<CacheKey, Replaced> replaced = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private volatile Instant lastSignOfLife;
    private volatile boolean caughtUp;

    public KeyResolver(KeyFetcher fetcher, Clock clock, Settings settings) {
        this.fetcher = fetcher;
        this.clock = clock;
        this.settings = settings;
        this.lastSignOfLife = clock.instant();
        this.negative = Caffeine.newBuilder().maximumSize(settings.negativeMaxEntries)
                .expireAfterWrite(settings.negativeTtl).ticker(() -> nanos(clock.instant()))
                // evictions run on the writing thread, so the bound holds at once (no pool thread involved)
                .executor(Runnable::run).build();
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    /** True for ids key-service can have made; anything else is refused without asking it. */
    public static boolean isWellFormed(String accessKeyId) {
        if (accessKeyId == null || accessKeyId.length() != ACCESS_KEY_LENGTH || !accessKeyId.startsWith(ACCESS_KEY_PREFIX)) {
            return false;
        }
        for (int i = ACCESS_KEY_PREFIX.length(); i < ACCESS_KEY_LENGTH; i++) {
            char c = accessKeyId.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9')) {
                return false;
            }
        }
        return true;
    }

    /** The signing key of {@code accessKeyId} for {@code scope}, or a failure carrying an {@link S3Error}. */
    public Uni<ResolvedKey> resolve(String accessKeyId, CredentialScope scope) {
        if (!isWellFormed(accessKeyId) || negative.getIfPresent(accessKeyId) != null) {
            return Uni.createFrom().failure(S3Error.INVALID_ACCESS_KEY_ID.exception());
        }
        Instant now = clock.instant();
        CacheKey cacheKey = new CacheKey(accessKeyId, scope);
        Entry cached = positive.get(cacheKey);
        boolean fresh = cached != null && cached.fetchedAt.plus(settings.cacheMaxAge).isAfter(now);
        if (fresh && isTrusted(now)) {
            return Uni.createFrom().item(cached.key);
        }
        return shared(cacheKey)
                .onFailure().recoverWithUni(failure -> {
                    if (cached != null && !settings.failClosed) {
                        return Uni.createFrom().item(new Found(cached.key));
                    }
                    return Uni.createFrom().failure(S3Error.SERVICE_UNAVAILABLE
                            .exception("Access keys cannot be verified right now; try again shortly."));
                })
                .map(result -> {
                    if (result instanceof Found found) {
                        return found.key;
                    }
                    evict(accessKeyId);
                    negative.put(accessKeyId, Boolean.TRUE);
                    throw S3Error.INVALID_ACCESS_KEY_ID.exception();
                });
    }

    /** Joins the key-service call in flight for this key and scope, or starts one; answers on the caller's context. */
    private Uni<FetchResult> shared(CacheKey cacheKey) {
        Context caller = Vertx.currentContext();
        Uni<FetchResult> answer = Uni.createFrom().completionStage(fetchOnce(cacheKey));
        // The call may complete on the event loop of whoever started it; the caller continues on its own.
        return caller == null ? answer : answer.emitOn(task -> caller.runOnContext(v -> task.run()));
    }

    private CompletableFuture<FetchResult> fetchOnce(CacheKey cacheKey) {
        CompletableFuture<FetchResult> mine = new CompletableFuture<>();
        CompletableFuture<FetchResult> running = inFlight.putIfAbsent(cacheKey, mine);
        if (running != null) {
            return running;
        }
        long generationAtStart = generation.get();
        fetcher.fetch(cacheKey.accessKeyId, cacheKey.scope).subscribe().with(result -> {
            // Stored before leaving inFlight, so a new caller finds one or the other; a fetch overtaken
            // by an eviction is answered to its callers but not cached.
            if (result instanceof Found found && generation.get() == generationAtStart) {
                store(cacheKey, new Entry(found.key, clock.instant()));
                replaced.remove(cacheKey);
            }
            inFlight.remove(cacheKey, mine);
            mine.complete(result);
        }, failure -> {
            inFlight.remove(cacheKey, mine);
            mine.completeExceptionally(failure);
        });
        return mine;
    }

    /**
     * Whether a transfer authenticated with this key, whose signature verified with {@code verifiedWith}
     * (null for SigV2, which key-service verifies), may go on: completes if so, fails with the S3 error a new
     * request would get if the key was revoked, is no longer valid or its secret was rotated. Same rules as
     * {@link #resolve}: the cache when trusted, key-service otherwise.
     */
    public Uni<Void> recheck(String accessKeyId, CredentialScope scope, SigningKey verifiedWith) {
        if (verifiedWith == null) {
            return negative.getIfPresent(accessKeyId) == null ? Uni.createFrom().voidItem()
                    : Uni.createFrom().failure(S3Error.INVALID_ACCESS_KEY_ID.exception());
        }
        return resolve(accessKeyId, scope).invoke(key -> {
            if (!key.signingKey().equals(verifiedWith)) {
                throw S3Error.SIGNATURE_DOES_NOT_MATCH.exception("The secret this request was signed with is no longer valid.");
            }
        }).replaceWithVoid();
    }

    /**
     * True while the cache may answer: the event consumer has caught up with the topic and the stream has
     * spoken within {@code maxSilence}.
     */
    public boolean isTrusted(Instant now) {
        return caughtUp && !lastSignOfLife.plus(settings.maxSilence).isBefore(now);
    }

    /**
     * The event consumer (re)starts reading the topic, from a position that may skip events published while
     * it had no partitions: forget every cached key (a fetch in flight now is answered but not cached) and
     * revalidate every use with key-service until {@link #caughtUp()}.
     */
    public void catchingUp() {
        caughtUp = false;
        generation.incrementAndGet();
        positive.clear();
        inFlight.clear();
    }

    /** The event consumer has read the topic up to its end as of its assignment: events reach the cache again. */
    public void caughtUp() {
        caughtUp = true;
    }

    public boolean isCaughtUp() {
        return caughtUp;
    }

    /** A heartbeat (or any event) arrived: the stream is alive. */
    public void signOfLife() {
        lastSignOfLife = clock.instant();
    }

    /** The key was created, rotated or revoked: forget everything about it. */
    public void evict(String accessKeyId) {
        forget(accessKeyId);
        replaced.keySet().removeIf(k -> k.accessKeyId.equals(accessKeyId));
    }

    /** Drops cached and in-flight answers; a fetch in flight now is answered to its callers but not cached. */
    private void forget(String accessKeyId) {
        generation.incrementAndGet();
        positive.keySet().removeIf(k -> k.accessKeyId.equals(accessKeyId));
        inFlight.keySet().removeIf(k -> k.accessKeyId.equals(accessKeyId));
        negative.invalidate(accessKeyId);
    }

    /**
     * The key was rotated to {@code newVersion} (0 or less if the event did not say): forget it, set the
     * signing keys it replaced aside, and fetch the new signing key for every scope that was cached right
     * away, so the next request (old signature refused, new one accepted) does not wait for it. Cached
     * entries already at {@code newVersion} were fetched after the rotation: a late or repeated event
     * leaves them alone, so a current secret is never set aside as replaced. Keys set aside earlier stay
     * aside (a repeated event arriving while the new key is still being fetched must not bring them back).
     */
    public void rotated(String accessKeyId, long newVersion) {
        Map<CacheKey, Entry> hot = new HashMap<>();
        positive.forEach((k, e) -> {
            if (k.accessKeyId.equals(accessKeyId)) {
                hot.put(k, e);
            }
        });
        if (!hot.isEmpty() && newVersion > 0 && hot.values().stream().allMatch(e -> e.key.keyVersion >= newVersion)) {
            return;
        }
        forget(accessKeyId);
        Instant until = clock.instant().plus(settings.cacheMaxAge);
        hot.forEach((k, e) -> {
            if (newVersion <= 0 || e.key.keyVersion < newVersion) {
                replaced.put(k, new Replaced(e.key.signingKey, until));
            }
        });
        Set<CacheKey> scopes = new HashSet<>(hot.keySet());
        replaced.keySet().forEach(k -> {
            if (k.accessKeyId.equals(accessKeyId)) {
                scopes.add(k);
            }
        });
        scopes.forEach(this::fetchOnce);
    }

    /**
     * The signing key a rotation replaced for this key and scope, while its successor is not cached yet
     * (null otherwise, which is nearly always). A request that verifies with it was signed with a secret
     * that is no longer valid.
     */
    public SigningKey replacedKey(String accessKeyId, CredentialScope scope) {
        if (replaced.isEmpty()) {
            return null;
        }
        CacheKey cacheKey = new CacheKey(accessKeyId, scope);
        Replaced r = replaced.get(cacheKey);
        if (r == null || positive.containsKey(cacheKey)) {
            return null;
        }
        if (!r.until.isAfter(clock.instant())) {
            replaced.remove(cacheKey, r);
            return null;
        }
        return r.key;
    }

    /**
     * The key was revoked, which is final: refuse it from now on without asking key-service (for the
     * negative TTL; after that key-service is asked and says the same).
     */
    public void revoked(String accessKeyId) {
        evict(accessKeyId);
        negative.put(accessKeyId, Boolean.TRUE);
    }

    public int size() {
        return positive.size();
    }

    /** How many unknown or revoked ids are remembered (at most {@code negativeMaxEntries}). */
    public long negativeSize() {
        negative.cleanUp();
        return negative.estimatedSize();
    }

    private void store(CacheKey key, Entry entry) {
        if (positive.size() >= settings.maxEntries) {
            Instant cutoff = clock.instant().minus(settings.cacheMaxAge);
            positive.values().removeIf(e -> e.fetchedAt.isBefore(cutoff));
            if (positive.size() >= settings.maxEntries) {
                positive.clear();
            }
        }
        positive.put(key, entry);
        if (replaced.size() > settings.maxEntries) {
            replaced.clear();
        }
    }
}
