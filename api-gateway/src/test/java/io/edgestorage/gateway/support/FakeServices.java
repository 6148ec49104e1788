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
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;

import io.edgestorage.common.testing.InternalApi;
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
 * an echo for the key/token/admin routes, and its side of {@code storage.key-events} on the real Kafka
 * broker (topic {@link #KEY_EVENTS_TOPIC}): heartbeats while {@link #HEARTBEATS} is set, and token
 * revocations ({@link #revoke});</li>
 * <li>object-service: an echo for bucket, CORS, grant and revocation routes, answering as the real one does a
 * grant listing's invalid {@code state} or {@code cursor} (400) and a grant id that cannot exist (404);</li>
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

    /** @param id the token's id, introspection's {@code client_id}, by which revocations name it */
    public record TokenInfo(String id, String account, String scope, boolean active) {
    }

    /** The key-event topic of the gateway under test (its own, so no other test's key-service is heard). */
    public static final String KEY_EVENTS_TOPIC = "api-gateway-test.key-events";
    /** Cleared to make the fake key-service fall silent, as one whose outbox relay is failing. */
    public static final AtomicBoolean HEARTBEATS = new AtomicBoolean(true);
    private static final long HEARTBEAT_MS = 500;
    private KafkaProducer<String, String> events;

    /** @param connection the HTTP connection the request arrived on (to see pipelining) */
    public record Recorded(String upstream, String method, String path, String query, String account,
            String requestId, String internalToken, String contentType, String body, Object connection,
            String callerScopes) {
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
        events = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                System.getenv().getOrDefault("EDGE_KAFKA_BOOTSTRAP", "127.0.0.1:9092"),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()));
        vertx.setPeriodic(HEARTBEAT_MS, id -> {
            if (HEARTBEATS.get()) {
                publish("heartbeat", event("storage.keys.heartbeat", "heartbeat", new JsonObject()));
            }
        });
        int keyService = listen("key-service", 0);
        int objectService = listen("object-service", 0);
        int presignService = listen("presign-service", 0);
        return Map.of(
                "mp.messaging.incoming.key-events.topic", KEY_EVENTS_TOPIC,
                "edge.internal.callers.api-gateway.token", INTERNAL_TOKEN,
                "edge.upstream.key-service", "http://127.0.0.1:" + keyService,
                "edge.upstream.object-service", "http://127.0.0.1:" + objectService,
                "edge.upstream.presign-service", "http://127.0.0.1:" + presignService,
                "edge.oidc.issuer", ISSUER,
                "edge.oidc.public-key", Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()));
    }

    /**
     * What key-service does when a token is revoked: introspection calls it inactive from now on, and
     * {@code storage.token.revoked} naming its id is on the topic when this returns.
     */
    public static void revoke(String token) {
        TokenInfo info = TOKENS.get(token);
        TOKENS.put(token, new TokenInfo(info.id(), info.account(), info.scope(), false));
        JsonObject data = new JsonObject().put("tokenId", info.id()).put("accountId", info.account());
        try {
            running.publish(info.id(), event("storage.token.revoked", info.id(), data)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits until the gateway hears this key-service's events (its consumer has its partitions and a
     * heartbeat arrived): only then does it cache principals.
     */
    public static void awaitGatewayHearsKeyEvents() {
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> InternalApi.anonymous().get("/q/metrics").asString()
                .contains("edge_gateway_key_events_heard 1.0"));
    }

    private static String event(String type, String subject, JsonObject data) {
        String now = Instant.now().toString();
        return new JsonObject().put("specversion", "1.0").put("id", UUID.randomUUID().toString())
                .put("source", "/edge-storage/key-service").put("type", type).put("subject", subject)
                .put("time", now).put("datacontenttype", "application/json").put("data", data.put("occurredAt", now))
                .encode();
    }

    private java.util.concurrent.Future<RecordMetadata> publish(String key, String value) {
        return events.send(new ProducerRecord<>(KEY_EVENTS_TOPIC, key, value));
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
                    request.connection(), request.getHeader("X-Edge-Scopes")));
            if (!INTERNAL_TOKEN.equals(request.getHeader("X-Edge-Internal-Token"))) {
                problem(request, 401, "internal-credential-required");
                return;
            }
            switch (name) {
                case "key-service" -> keyService(request, body.toString());
                case "presign-service" -> presignService(request, new JsonObject(body.length() == 0 ? "{}" : body.toString()));
                case "object-service" -> objectService(request, body.toString());
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
                            .put("username", info.account()).put("client_id", info.id()).put("token_type", "Bearer")
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

    private static final java.util.regex.Pattern GRANT_ID = java.util.regex.Pattern.compile("gr_[a-z2-7]{26}");
    private static final java.util.regex.Pattern CURSOR = java.util.regex.Pattern.compile("[A-Za-z0-9_-]+");
    private static final Set<String> GRANT_STATES = Set.of("active", "revoked", "used", "expired");

    /** object-service's own refusals on the grant routes (docs/internal-api.md); everything else is echoed. */
    private static void objectService(HttpServerRequest request, String body) {
        String path = request.path();
        if (path.equals("/internal/v1/grants")) {
            String state = request.getParam("state");
            String cursor = request.getParam("cursor");
            if (state != null && !GRANT_STATES.contains(state)) {
                problem(request, 400, "invalid-state");
                return;
            }
            if (cursor != null && !CURSOR.matcher(cursor).matches()) {
                problem(request, 400, "invalid-cursor");
                return;
            }
        } else if (path.startsWith("/internal/v1/grants/")
                && !GRANT_ID.matcher(path.substring("/internal/v1/grants/".length())).matches()) {
            problem(request, 404, "no-such-grant");
            return;
        }
        echo("object-service", request, body);
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
        if (events != null) {
            events.close(Duration.ofSeconds(5));
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }
}
