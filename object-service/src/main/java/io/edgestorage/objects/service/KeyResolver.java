package io.edgestorage.objects.service;

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

    public record Settings(Duration maxSilence, Duration cacheMaxAge, Duration negativeTtl, boolean failClosed,
            int maxEntries) {
    }

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
    private final Map<String, Instant> negative = new ConcurrentHashMap<>();
    private final Map<CacheKey, CompletableFuture<FetchResult>> inFlight = new ConcurrentHashMap<>();
    private final Map<CacheKey, Replaced> replaced = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private volatile Instant lastSignOfLife;

    public KeyResolver(KeyFetcher fetcher, Clock clock, Settings settings) {
        this.fetcher = fetcher;
        this.clock = clock;
        this.settings = settings;
        this.lastSignOfLife = clock.instant();
    }

    /** The signing key of {@code accessKeyId} for {@code scope}, or a failure carrying an {@link S3Error}. */
    public Uni<ResolvedKey> resolve(String accessKeyId, CredentialScope scope) {
        Instant now = clock.instant();
        Instant unknownUntil = negative.get(accessKeyId);
        if (unknownUntil != null) {
            if (unknownUntil.isAfter(now)) {
                return Uni.createFrom().failure(S3Error.INVALID_ACCESS_KEY_ID.exception());
            }
            negative.remove(accessKeyId, unknownUntil);
        }
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
                    negative.put(accessKeyId, clock.instant().plus(settings.negativeTtl));
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

    /** True while the key-event stream has spoken within {@code maxSilence}. */
    public boolean isTrusted(Instant now) {
        return !lastSignOfLife.plus(settings.maxSilence).isBefore(now);
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
        negative.remove(accessKeyId);
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
        negative.put(accessKeyId, clock.instant().plus(settings.negativeTtl));
    }

    public int size() {
        return positive.size();
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
        if (negative.size() > settings.maxEntries) {
            negative.clear();
        }
        if (replaced.size() > settings.maxEntries) {
            replaced.clear();
        }
    }
}
