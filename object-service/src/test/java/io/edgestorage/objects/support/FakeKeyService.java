package io.edgestorage.objects.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;

/**
 * A unit-level double of key-service (a separate service, written concurrently): a small Vert.x HTTP
 * server that serves key-service's verifier contract from docs/internal-api.md —
 * {@code GET /internal/v1/signing-keys/{id}} (the derived key kSigning, computed as SigningKey.derive does,
 * from a known secret) and {@code POST /internal/v1/sigv2/verify} — for a fixed set of test keys. Keys
 * can be revoked to play what key-service answers after a revocation.
 *
 * <p>It deliberately uses only JDK crypto, not the sigv4 module: test resources run in another class
 * loader than the application, and an independent implementation also cross-checks sigv4.
 */
public class FakeKeyService implements QuarkusTestResourceLifecycleManager {

    /** The credential object-service is configured to send (made up per run, handed over in {@link #start()}). */
    private static final String CALLER_TOKEN = "fake-key-service-caller-" + java.util.UUID.randomUUID();
    public static final String ACCOUNT_A = "acct-a";
    public static final String ACCOUNT_B = "acct-b";
    public static final String KEY_A = "AKIATESTACCOUNTA0001";
    public static final String SECRET_A = "secretA/K7MDENG+bPxRfiCYEXAMPLEKEY000001";
    public static final String KEY_B = "AKIATESTACCOUNTB0002";
    public static final String SECRET_B = "secretB/K7MDENG+bPxRfiCYEXAMPLEKEY000002";
    /** A third key of account A, for revocation tests. */
    public static final String KEY_R = "AKIATESTREVOKED00003";
    public static final String SECRET_R = "secretR/K7MDENG+bPxRfiCYEXAMPLEKEY000003";

    /** A fourth key of account A, for rotation tests. */
    public static final String KEY_T = "AKIATESTROTATED00004";
    public static final String SECRET_T = "secretT/K7MDENG+bPxRfiCYEXAMPLEKEY000004";

    private static final Map<String, String[]> KEYS = Map.of(
            KEY_A, new String[] {SECRET_A, ACCOUNT_A},
            KEY_B, new String[] {SECRET_B, ACCOUNT_B},
            KEY_R, new String[] {SECRET_R, ACCOUNT_A},
            KEY_T, new String[] {SECRET_T, ACCOUNT_A});
    private static final Set<String> REVOKED = ConcurrentHashMap.newKeySet();
    private static final Map<String, Integer> LOOKUPS = new ConcurrentHashMap<>();
    /** Rotated keys: access key id to {new secret, key version}. */
    private static final Map<String, String[]> ROTATED = new ConcurrentHashMap<>();
    /** Keys whose signing-key lookups are not answered until {@link #release}, as a slow key-service. */
    private static final Set<String> HELD = ConcurrentHashMap.newKeySet();
    private static final Map<String, java.util.List<Runnable>> PARKED = new ConcurrentHashMap<>();

    private Vertx vertx;

    public static void revoke(String accessKeyId) {
        REVOKED.add(accessKeyId);
    }

    public static void restore(String accessKeyId) {
        REVOKED.remove(accessKeyId);
        ROTATED.remove(accessKeyId);
        release(accessKeyId);
    }

    /** Replaces the key's secret, as key-service's rotate does. */
    public static void rotate(String accessKeyId, String newSecret, int keyVersion) {
        ROTATED.put(accessKeyId, new String[] {newSecret, Integer.toString(keyVersion)});
    }

    /** Signing-key lookups of this key wait (unanswered) from now on, until {@link #release}. */
    public static void hold(String accessKeyId) {
        HELD.add(accessKeyId);
    }

    /** How many lookups of this key are waiting for {@link #release}. */
    public static int held(String accessKeyId) {
        return PARKED.getOrDefault(accessKeyId, java.util.List.of()).size();
    }

    public static void release(String accessKeyId) {
        HELD.remove(accessKeyId);
        java.util.List<Runnable> parked = PARKED.remove(accessKeyId);
        if (parked != null) {
            parked.forEach(Runnable::run);
        }
    }

    /** How often object-service asked for this key (signing-key lookups and SigV2 verifications). */
    public static int lookups(String accessKeyId) {
        return LOOKUPS.getOrDefault(accessKeyId, 0);
    }

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        HttpServer server = vertx.createHttpServer().requestHandler(req -> {
            String path = req.path();
            // object-service must call with its own credential
            if (!CALLER_TOKEN.equals(req.getHeader("X-Edge-Internal-Token"))) {
                req.response().setStatusCode(401).end();
                return;
            }
            if (req.method().name().equals("GET") && path.startsWith("/internal/v1/signing-keys/")) {
                String id = path.substring("/internal/v1/signing-keys/".length());
                LOOKUPS.merge(id, 1, Integer::sum);
                String[] key = KEYS.get(id);
                if (key == null || REVOKED.contains(id)) {
                    problem(req, key == null ? "unknown-access-key" : "access-key-revoked");
                    return;
                }
                String[] rotated = ROTATED.get(id);
                String secret = rotated == null ? key[0] : rotated[0];
                int version = rotated == null ? 1 : Integer.parseInt(rotated[1]);
                String date = req.getParam("date");
                String region = req.getParam("region");
                String service = req.getParam("service");
                byte[] k = hmac("HmacSHA256", ("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
                k = hmac("HmacSHA256", k, region);
                k = hmac("HmacSHA256", k, service);
                k = hmac("HmacSHA256", k, "aws4_request");
                JsonObject body = new JsonObject().put("accessKeyId", id).put("accountId", key[1])
                        .put("status", "active").put("keyVersion", version).put("date", date)
                        .put("region", region).put("service", service).put("signingKey", HexFormat.of().formatHex(k));
                Runnable answer = () -> req.response().putHeader("Content-Type", "application/json").end(body.encode());
                if (HELD.contains(id)) {
                    io.vertx.core.Context context = Vertx.currentContext();
                    PARKED.computeIfAbsent(id, x -> new java.util.concurrent.CopyOnWriteArrayList<>())
                            .add(() -> context.runOnContext(v -> answer.run()));
                } else {
                    answer.run();
                }
                return;
            }
            if (req.method().name().equals("POST") && path.equals("/internal/v1/sigv2/verify")) {
                req.body().onSuccess(buf -> {
                    JsonObject in = buf.toJsonObject();
                    String id = in.getString("accessKeyId");
                    LOOKUPS.merge(id, 1, Integer::sum);
                    String[] key = KEYS.get(id);
                    if (key == null || REVOKED.contains(id)) {
                        problem(req, key == null ? "unknown-access-key" : "access-key-revoked");
                        return;
                    }
                    byte[] expected = hmac("HmacSHA1", key[0].getBytes(StandardCharsets.UTF_8), in.getString("stringToSign"));
                    byte[] given;
                    try {
                        given = Base64.getDecoder().decode(in.getString("signature"));
                    } catch (IllegalArgumentException e) {
                        given = new byte[0];
                    }
                    boolean valid = MessageDigest.isEqual(expected, given);
                    JsonObject body = new JsonObject().put("valid", valid).put("accountId", key[1])
                            .put("keyVersion", 1).put("status", "active");
                    req.response().putHeader("Content-Type", "application/json").end(body.encode());
                });
                return;
            }
            req.response().setStatusCode(404).end();
        });
        int port;
        try {
            port = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
                    .actualPort();
        } catch (Exception e) {
            throw new IllegalStateException("fake key-service did not start", e);
        }
        return Map.of("quarkus.rest-client.key-service.url", "http://127.0.0.1:" + port,
                "edge.internal.callers.object-service.token", CALLER_TOKEN);
    }

    private static void problem(io.vertx.core.http.HttpServerRequest req, String code) {
        req.response().setStatusCode(404).putHeader("Content-Type", "application/problem+json")
                .end(new JsonObject().put("status", 404).put("code", code).put("title", "Not Found").encode());
    }

    static byte[] hmac(String algorithm, byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close();
        }
    }
}
