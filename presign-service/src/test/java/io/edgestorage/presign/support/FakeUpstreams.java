package io.edgestorage.presign.support;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.edgestorage.sigv4.CredentialScope;
import io.edgestorage.sigv4.SigningKey;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/**
 * A test double of object-service's and key-service's internal API (docs/internal-api.md), as a real
 * HTTP server on a random loopback port, so presign-service is tested alone at unit level through its
 * real REST clients, timeouts and retries. The end-to-end run against the real services is separate.
 *
 * <p>State is static because Quarkus starts this resource before the test instance exists; tests
 * reset what they change.
 */
public class FakeUpstreams implements QuarkusTestResourceLifecycleManager {

    /** The credential presign-service is configured to send (made up per run). */
    public static final String INTERNAL_TOKEN = "fake-upstreams-presign-service-" + java.util.UUID.randomUUID();

    /** account → buckets it owns */
    public static final Map<String, Set<String>> BUCKETS = new ConcurrentHashMap<>();
    /** account → its active key */
    public static final Map<String, FakeKey> ACTIVE_KEYS = new ConcurrentHashMap<>();
    /** access key id → key, for keyId requests */
    public static final Map<String, FakeKey> KEYS_BY_ID = new ConcurrentHashMap<>();
    /** Buckets whose lookup answers 500 (a broken object-service). */
    public static final Set<String> FAILING_BUCKETS = ConcurrentHashMap.newKeySet();
    public static final List<Recorded> REQUESTS = new CopyOnWriteArrayList<>();
    public static final AtomicInteger PRESIGN_KEY_CALLS = new AtomicInteger();
    public static volatile boolean keyServiceDown;
    /** Bodies of the grant batches recorded ({@code POST /internal/v1/grants}), in arrival order. */
    public static final List<JsonObject> GRANT_BATCHES = new CopyOnWriteArrayList<>();
    /** How grant batches are answered. */
    public static volatile GrantAnswer grantAnswer = GrantAnswer.RECORD;
    /** Grant batches left unanswered while {@link GrantAnswer#HANG}; answered 204 by {@link #releaseHungGrants}. */
    private static final List<HttpServerRequest> HUNG = new CopyOnWriteArrayList<>();

    /**
     * RECORD: 204 as object-service; FAIL: 500; FAIL_ONCE: 500 for the next batch, then RECORD again; HANG: no
     * answer, as a stalled object-service.
     */
    public enum GrantAnswer {
        RECORD, FAIL, FAIL_ONCE, HANG
    }

    private Vertx vertx;
    private HttpServer server;

    /** One recorded call. */
    public record Recorded(String method, String path, String query, String account, String requestId,
            String internalToken) {
    }

    /** An access key with its (test-only) secret; {@code secret} changes on rotation. */
    public static final class FakeKey {
        public final String accessKeyId;
        public final String account;
        public volatile String secret;
        public volatile int version = 1;

        public FakeKey(String accessKeyId, String account, String secret) {
            this.accessKeyId = accessKeyId;
            this.account = account;
            this.secret = secret;
        }
    }

    public static FakeKey giveKey(String account, String accessKeyId, String secret) {
        FakeKey key = new FakeKey(accessKeyId, account, secret);
        ACTIVE_KEYS.put(account, key);
        KEYS_BY_ID.put(accessKeyId, key);
        return key;
    }

    /** Answers the batches held by {@link GrantAnswer#HANG} (recording nothing) and records normally again. */
    public static void releaseHungGrants() {
        grantAnswer = GrantAnswer.RECORD;
        HUNG.forEach(r -> r.response().setStatusCode(204).end());
        HUNG.clear();
    }

    /** Every grant recorded so far, with the account and bucket each was issued for. */
    public static List<JsonObject> recordedGrants() {
        return GRANT_BATCHES.stream().flatMap(b -> b.getJsonArray("grants").stream()).map(JsonObject.class::cast)
                .toList();
    }

    /** A new account owning {@code bucket}, with an active key of a new id and this secret. */
    public static FakeKey newAccount(String bucket, String secret) {
        String account = "acct-" + java.util.UUID.randomUUID();
        String accessKeyId = "AKIA" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 16)
                .toUpperCase(java.util.Locale.ROOT);
        giveBucket(account, bucket);
        return giveKey(account, accessKeyId, secret);
    }

    public static void giveBucket(String account, String bucket) {
        BUCKETS.computeIfAbsent(account, a -> ConcurrentHashMap.newKeySet()).add(bucket);
    }

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(this::handle);
        try {
            server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("fake upstreams did not start", e);
        }
        String url = "http://127.0.0.1:" + server.actualPort();
        return Map.of(
                "quarkus.rest-client.key-service.url", url,
                "quarkus.rest-client.object-service.url", url,
                "edge.internal.callers.presign-service.token", INTERNAL_TOKEN);
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    private void handle(HttpServerRequest request) {
        String account = request.getHeader("X-Edge-Account");
        REQUESTS.add(new Recorded(request.method().name(), request.path(), request.query(), account,
                request.getHeader("X-Request-Id"), request.getHeader("X-Edge-Internal-Token")));
        if (!INTERNAL_TOKEN.equals(request.getHeader("X-Edge-Internal-Token"))) {
            problem(request, 401, "internal-credential-required");
            return;
        }
        String path = request.path();
        if (request.method().name().equals("POST") && path.equals("/internal/v1/grants")) {
            request.body().onSuccess(body -> recordGrants(request, body.toJsonObject()));
            return;
        }
        if (request.method().name().equals("GET") && path.startsWith("/internal/v1/buckets/")) {
            String bucket = path.substring("/internal/v1/buckets/".length());
            if (FAILING_BUCKETS.contains(bucket)) {
                problem(request, 500, "internal-error");
            } else if (account != null && BUCKETS.getOrDefault(account, Set.of()).contains(bucket)) {
                json(request, 200, new JsonObject().put("name", bucket).put("createdAt", "2026-11-28T18:00:00Z"));
            } else {
                problem(request, 404, "no-such-bucket");
            }
            return;
        }
        if (request.method().name().equals("GET") && path.equals("/internal/v1/presign-keys")) {
            PRESIGN_KEY_CALLS.incrementAndGet();
            if (keyServiceDown) {
                problem(request, 503, "unavailable");
                return;
            }
            String keyId = request.getParam("keyId");
            FakeKey key = keyId == null ? ACTIVE_KEYS.get(account) : KEYS_BY_ID.get(keyId);
            if (key == null || !key.account.equals(account)) {
                // key-service's two codes: a key of another account is not the same 404 as a made-up one.
                problem(request, 404, key == null ? "unknown-access-key" : "no-such-access-key");
                return;
            }
            CredentialScope scope = new CredentialScope(request.getParam("date"), request.getParam("region"),
                    request.getParam("service"));
            String signingKey = HexFormat.of().formatHex(SigningKey.derive(key.secret, scope).bytes());
            json(request, 200, new JsonObject().put("accessKeyId", key.accessKeyId).put("accountId", key.account)
                    .put("status", "active").put("keyVersion", key.version).put("date", scope.date())
                    .put("region", scope.region()).put("service", scope.service()).put("signingKey", signingKey));
            return;
        }
        problem(request, 404, "not-found");
    }

    private static void recordGrants(HttpServerRequest request, JsonObject batch) {
        switch (grantAnswer) {
            case FAIL -> problem(request, 500, "internal-error");
            case FAIL_ONCE -> {
                grantAnswer = GrantAnswer.RECORD;
                problem(request, 500, "internal-error");
            }
            case HANG -> HUNG.add(request);
            case RECORD -> {
                GRANT_BATCHES.add(batch);
                request.response().setStatusCode(204).end();
            }
        }
    }

    private static void json(HttpServerRequest request, int status, JsonObject body) {
        request.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }

    private static void problem(HttpServerRequest request, int status, String code) {
        request.response().setStatusCode(status).putHeader("Content-Type", "application/problem+json")
                .end(new JsonObject().put("status", status).put("code", code).encode());
    }
}
