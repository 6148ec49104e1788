package io.edgestorage.gateway.support;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.edgestorage.sigv4.CredentialScope;
import io.edgestorage.sigv4.PresignRequest;
import io.edgestorage.sigv4.Presigner;
import io.edgestorage.sigv4.SigningKey;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/**
 * Test doubles of the three services behind the gateway, each a real HTTP server on its own loopback
 * port speaking its docs/internal-api.md contract as far as the gateway needs it:
 * <ul>
 * <li>key-service: RFC 7662 introspection of the tokens in {@link #TOKENS}, {@code PUT /accounts/{id}},
 * and an echo for the key/token/admin routes;</li>
 * <li>object-service: an echo for bucket and CORS routes;</li>
 * <li>presign-service: a double that signs with the real sigv4 {@link Presigner} and the fake key
 * {@link #SECRET}, refusing buckets not in {@link #BUCKETS} with 404, like the real one.</li>
 * </ul>
 * The gateway is thus tested alone at unit level; the run against the real services is the end-to-end
 * suite's. Also provides the RSA key of a fake external OIDC provider for minting JWTs.
 */
public class FakeServices implements QuarkusTestResourceLifecycleManager {

    /** The credential the gateway is configured to send (made up per run). */
    public static final String INTERNAL_TOKEN = "fake-services-api-gateway-" + java.util.UUID.randomUUID();
    public static final String ISSUER = "https://issuer.edge.test/realms/edge";
    public static final String ACCESS_KEY_ID = "AKIAGATEWAYTEST00001";
    public static final String SECRET = "gatewayTestSecretKey/0123456789abcdefghij";

    /** Presigns of keys under this prefix are answered after 200 ms, so that several are in flight at once. */
    public static final String SLOW_KEY_PREFIX = "slow/";
    /** token → (account, scopes, active) */
    public static final Map<String, TokenInfo> TOKENS = new ConcurrentHashMap<>();
    /** account → buckets */
    public static final Map<String, Set<String>> BUCKETS = new ConcurrentHashMap<>();
    public static final Set<String> ENSURED_ACCOUNTS = ConcurrentHashMap.newKeySet();
    public static final List<Recorded> REQUESTS = new CopyOnWriteArrayList<>();
    public static final AtomicInteger INTROSPECTIONS = new AtomicInteger();
    /** Upstreams whose connections are dropped, as if the process were gone. */
    public static final Set<String> DOWN = ConcurrentHashMap.newKeySet();
    /** Upstreams that answer every request with 500, as if broken behind a working listener. */
    public static final Set<String> FAILING = ConcurrentHashMap.newKeySet();
    /** A path ending with this is answered with a bare 413 (no body, no content type). */
    public static final String BARE_413_SUFFIX = "/bare-413";
    /** upstream → requests that reached it, including the ones dropped while DOWN */
    public static final Map<String, AtomicInteger> ATTEMPTS = new ConcurrentHashMap<>();

    private static PrivateKey signingKey;
    private static FakeServices running;

    private Vertx vertx;
    private final Map<String, HttpServer> servers = new ConcurrentHashMap<>();
    private final Map<String, Integer> ports = new ConcurrentHashMap<>();

    public record TokenInfo(String account, String scope, boolean active) {
    }

    /** @param connection the HTTP connection the request arrived on (to see pipelining) */
    public record Recorded(String upstream, String method, String path, String query, String account,
            String requestId, String internalToken, String contentType, String body, Object connection) {
    }

    public static PrivateKey jwtSigningKey() {
        return signingKey;
    }

    @Override
    public Map<String, String> start() {
        KeyPair pair;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            pair = generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        signingKey = pair.getPrivate();
        vertx = Vertx.vertx();
        running = this;
        int keyService = listen("key-service", 0);
        int objectService = listen("object-service", 0);
        int presignService = listen("presign-service", 0);
        return Map.of(
                "edge.internal.callers.api-gateway.token", INTERNAL_TOKEN,
                "edge.upstream.key-service", "http://127.0.0.1:" + keyService,
                "edge.upstream.object-service", "http://127.0.0.1:" + objectService,
                "edge.upstream.presign-service", "http://127.0.0.1:" + presignService,
                "edge.oidc.issuer", ISSUER,
                "edge.oidc.public-key", Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()));
    }

    /** Closes the upstream's listener: connections are refused until {@link #restart}. */
    public static void stop(String name) {
        await(running.servers.remove(name).close());
    }

    /** Listens again on the port the upstream had before {@link #stop}. */
    public static void restart(String name) {
        running.listen(name, running.ports.get(name));
    }

    private static <T> T await(io.vertx.core.Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private int listen(String name, int port) {
        HttpServer server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            ATTEMPTS.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
            if (DOWN.contains(name)) {
                request.connection().close();
                return;
            }
            if (FAILING.contains(name)) {
                problem(request, 500, "internal-error");
                return;
            }
            if (request.path().endsWith(BARE_413_SUFFIX)) {
                // What Quarkus itself answers for a body over its limit: a status and no body at all.
                request.response().setStatusCode(413).end();
                return;
            }
            REQUESTS.add(new Recorded(name, request.method().name(), request.path(), request.query(),
                    request.getHeader("X-Edge-Account"), request.getHeader("X-Request-Id"),
                    request.getHeader("X-Edge-Internal-Token"), request.getHeader("Content-Type"), body.toString(),
                    request.connection()));
            if (!INTERNAL_TOKEN.equals(request.getHeader("X-Edge-Internal-Token"))) {
                problem(request, 401, "internal-credential-required");
                return;
            }
            switch (name) {
                case "key-service" -> keyService(request, body.toString());
                case "presign-service" -> presignService(request, new JsonObject(body.length() == 0 ? "{}" : body.toString()));
                default -> echo(name, request, body.toString());
            }
        }));
        int actual = await(server.listen(port, "127.0.0.1")).actualPort();
        servers.put(name, server);
        ports.put(name, actual);
        return actual;
    }

    private static void keyService(HttpServerRequest request, String body) {
        if (request.path().equals("/internal/v1/introspect")) {
            INTROSPECTIONS.incrementAndGet();
            String token = null;
            for (String pair : body.split("&")) {
                if (pair.startsWith("token=")) {
                    token = java.net.URLDecoder.decode(pair.substring(6), java.nio.charset.StandardCharsets.UTF_8);
                }
            }
            TokenInfo info = token == null ? null : TOKENS.get(token);
            JsonObject answer = info == null || !info.active() ? new JsonObject().put("active", false)
                    : new JsonObject().put("active", true).put("scope", info.scope()).put("sub", info.account())
                            .put("username", info.account()).put("client_id", "tok-1").put("token_type", "Bearer")
                            .put("iat", Instant.now().getEpochSecond())
                            .put("exp", Instant.now().plus(Duration.ofHours(1)).getEpochSecond());
            json(request, 200, answer);
            return;
        }
        if (request.method().name().equals("PUT") && request.path().startsWith("/internal/v1/accounts/")) {
            String id = request.path().substring("/internal/v1/accounts/".length());
            boolean created = ENSURED_ACCOUNTS.add(id);
            json(request, created ? 201 : 200, new JsonObject().put("id", id));
            return;
        }
        echo("key-service", request, body);
    }

    private static void presignService(HttpServerRequest request, JsonObject body) {
        String path = request.path();
        String bucket = path.substring("/internal/v1/buckets/".length(), path.length() - "/presign".length());
        String account = request.getHeader("X-Edge-Account");
        if (!BUCKETS.getOrDefault(account, Set.of()).contains(bucket)) {
            problem(request, 404, "no-such-bucket");
            return;
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        boolean upload = "upload".equals(body.getString("action"));
        String expires = body.getString("expires", "1h");
        long seconds = switch (expires) {
            case "15m" -> 900;
            case "1h" -> 3600;
            default -> throw new IllegalArgumentException("the double knows 15m and 1h only");
        };
        PresignRequest presign = PresignRequest.builder().method(upload ? "PUT" : "GET")
                .endpoint("http://127.0.0.1:9000").bucket(bucket).key(body.getString("key")).expiresSeconds(seconds)
                .timestamp(now).accessKeyId(ACCESS_KEY_ID)
                .signingKey(SigningKey.derive(SECRET, CredentialScope.of(now, "us-east-1", "s3"))).build();
        JsonObject answer = new JsonObject().put("url", new Presigner().presign(presign))
                .put("method", presign.method()).put("expires", presign.expiresAt().toString())
                .put("keyId", ACCESS_KEY_ID).put("headers", new JsonObject());
        if (body.getString("key", "").startsWith(SLOW_KEY_PREFIX)) {
            running.vertx.setTimer(200, id -> json(request, 200, answer));
        } else {
            json(request, 200, answer);
        }
    }

    private static void echo(String upstream, HttpServerRequest request, String body) {
        int status = request.method().name().equals("POST") ? 201 : request.method().name().equals("DELETE") ? 204 : 200;
        if (status == 204) {
            request.response().setStatusCode(204).putHeader("X-Upstream", upstream).end();
            return;
        }
        request.response().putHeader("X-Upstream", upstream).putHeader("Location", "/somewhere");
        json(request, status, new JsonObject().put("upstream", upstream).put("path", request.path())
                .put("query", request.query()).put("body", body));
    }

    private static void json(HttpServerRequest request, int status, JsonObject body) {
        request.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }

    private static void problem(HttpServerRequest request, int status, String code) {
        request.response().setStatusCode(status).putHeader("Content-Type", "application/problem+json")
                .end(new JsonObject().put("status", status).put("code", code).put("instance", request.path()).encode());
    }


    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }
}
