package io.edgestorage.keys.rest;

import static io.edgestorage.keys.Api.as;
import static io.edgestorage.keys.Api.createKey;
import static io.edgestorage.keys.Api.newAccount;
import static io.edgestorage.keys.Api.operator;
import static io.edgestorage.keys.Api.presigner;
import static io.edgestorage.keys.Api.verifier;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.edgestorage.keys.Api;
import io.edgestorage.keys.MasterKeyRing;
import io.edgestorage.keys.SecretCipher;
import io.edgestorage.keys.Sql;
import io.edgestorage.keys.service.UsageRecorder;
import io.edgestorage.sigv4.CredentialScope;
import io.edgestorage.sigv4.SigningKey;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

@QuarkusTest
class VerifierResourceTest {

    /** The Amazon S3 documentation's example credentials and its "GET object with Range" string to sign. */
    static final String AWS_KEY_ID = "AKIAIOSFODNN7EXAMPLE";
    static final String AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    static final String AWS_STRING_TO_SIGN = "AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n"
            + "7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972";
    static final String AWS_SIGNATURE = "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41";
    static final String OLD_MASTER_KEY = "b2xkLXRlc3QtbWFzdGVyLWtleS0zMi1ieXRlcy1vayE=";

    @Inject
    SecretCipher cipher;

    @Inject
    UsageRecorder usage;

    private static ValidatableResponse signingKey(String id, String date, String region, String service) {
        return verifier().queryParam("date", date).queryParam("region", region).queryParam("service", service)
                .when().get("/internal/v1/signing-keys/" + id).then();
    }

    private static String today() {
        return CredentialScope.of(Instant.now(), "us-east-1", "s3").date();
    }

    /** Stores a key with a known secret, sealed under {@code sealer}, as if it had been created long ago. */
    private static void storeKey(String account, String id, String secret, SecretCipher sealer) {
        SecretCipher.Sealed sealed = sealer.seal(secret, id);
        Sql.query("insert into keys.accounts (id, origin, created_at) values (?, 'admin', now()) on conflict do nothing", account);
        Sql.query("delete from keys.access_keys where access_key_id = ?", id);
        Sql.query("insert into keys.access_keys (access_key_id, account_id, name, status, key_version, secret_ciphertext, "
                + "master_key_id, created_at) values (?, ?, 'fixture', 'active', 1, ?, ?, now())",
                id, account, sealed.ciphertext(), sealed.masterKeyId());
    }

    @Test
    void signingKey_isTheAwsDerivation_andSignsTheAwsDocumentationExample() throws Exception {
        storeKey("aws-docs", AWS_KEY_ID, AWS_SECRET, cipher);
        String hex = signingKey(AWS_KEY_ID, "20130524", "us-east-1", "s3").statusCode(200)
                .body("accessKeyId", equalTo(AWS_KEY_ID)).body("accountId", equalTo("aws-docs"))
                .body("status", equalTo("active")).body("keyVersion", equalTo(1))
                .body("date", equalTo("20130524")).body("region", equalTo("us-east-1")).body("service", equalTo("s3"))
                .body("signingKey", matchesPattern("[0-9a-f]{64}"))
                .extract().path("signingKey");
        assertThat(hmacSha256Hex(HexFormat.of().parseHex(hex), AWS_STRING_TO_SIGN)).isEqualTo(AWS_SIGNATURE);
        assertThat(hex).isEqualTo(HexFormat.of().formatHex(
                SigningKey.derive(AWS_SECRET, new CredentialScope("20130524", "us-east-1", "s3")).bytes()));
    }

    @Test
    void signingKey_ofACreatedKey_equalsTheDerivationFromItsSecret() {
        Api.Key key = createKey(newAccount(), "derive");
        String date = today();
        String hex = signingKey(key.id(), date, "eu-west-1", "s3").statusCode(200).extract().path("signingKey");
        assertThat(hex).isEqualTo(HexFormat.of().formatHex(
                SigningKey.derive(key.secret(), new CredentialScope(date, "eu-west-1", "s3")).bytes()));
    }

    @Test
    void signingKey_ofUnknownAndRevokedKeys_isNotFound() {
        signingKey("AKIA0000000000000000", today(), "us-east-1", "s3").statusCode(404)
                .contentType("application/problem+json").body("code", equalTo("unknown-access-key"));
        signingKey("whatever", today(), "us-east-1", "s3").statusCode(404).body("code", equalTo("unknown-access-key"));
        String account = newAccount();
        Api.Key key = createKey(account, "revoked");
        as(account).when().delete("/internal/v1/keys/" + key.id()).then().statusCode(204);
        signingKey(key.id(), today(), "us-east-1", "s3").statusCode(404).body("code", equalTo("access-key-revoked"));
    }

    @Test
    void signingKey_withABadScope_isA400Problem() {
        Api.Key key = createKey(newAccount(), "scope");
        signingKey(key.id(), "2026-01-01", "us-east-1", "s3").statusCode(400).body("code", equalTo("invalid-date"));
        signingKey(key.id(), "20260231", "us-east-1", "s3").statusCode(400).body("code", equalTo("invalid-date"));
        signingKey(key.id(), "", "us-east-1", "s3").statusCode(400).body("code", equalTo("invalid-date"));
        signingKey(key.id(), today(), "US/EAST", "s3").statusCode(400).body("code", equalTo("invalid-region"));
        signingKey(key.id(), today(), "us-east-1", "").statusCode(400).body("code", equalTo("invalid-service"));
        verifier().when().get("/internal/v1/signing-keys/" + key.id()).then().statusCode(400)
                .contentType("application/problem+json").body("code", equalTo("invalid-date"));
    }

    @Test
    void signingKeyUse_isRecordedAsLastUsed() {
        String account = newAccount();
        Api.Key key = createKey(account, "used");
        signingKey(key.id(), today(), "us-east-1", "s3").statusCode(200);
        usage.flush().await().atMost(Duration.ofSeconds(5));
        as(account).when().get("/internal/v1/keys").then().body("[0].lastUsedAt", notNullValue());
    }

    @Test
    void presignKey_withoutAnyKey_createsOneNamedPresign_thenReusesIt() {
        String account = newAccount();
        String first = presigner(account).queryParam("date", today()).queryParam("region", "us-east-1").queryParam("service", "s3")
                .when().get("/internal/v1/presign-keys").then().statusCode(200)
                .body("accountId", equalTo(account)).body("signingKey", matchesPattern("[0-9a-f]{64}"))
                .extract().path("accessKeyId");
        as(account).when().get("/internal/v1/keys").then().body("", hasSize(1))
                .body("[0].accessKeyId", equalTo(first)).body("[0].name", equalTo("presign"));
        presigner(account).queryParam("date", today()).queryParam("region", "us-east-1").queryParam("service", "s3")
                .when().get("/internal/v1/presign-keys").then().statusCode(200).body("accessKeyId", equalTo(first));
        as(account).when().get("/internal/v1/keys").then().body("", hasSize(1));
    }

    @Test
    void presignKey_concurrentFirstCalls_createExactlyOneKey() throws Exception {
        String account = newAccount();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<String>> ids = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                ids.add(pool.submit(() -> presigner(account).queryParam("date", today()).queryParam("region", "us-east-1")
                        .queryParam("service", "s3").when().get("/internal/v1/presign-keys").then().statusCode(200)
                        .extract().<String> path("accessKeyId")));
            }
            Set<String> distinct = new HashSet<>();
            for (Future<String> id : ids) {
                distinct.add(id.get(30, TimeUnit.SECONDS));
            }
            assertThat(distinct).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        as(account).when().get("/internal/v1/keys").then().body("", hasSize(1));
    }

    @Test
    void presignKey_namedKey_mustBeTheAccountsAndActive() {
        String account = newAccount();
        Api.Key mine = createKey(account, "mine");
        Api.Key other = createKey(newAccount(), "theirs");
        presigner(account).queryParam("date", today()).queryParam("region", "us-east-1").queryParam("service", "s3")
                .queryParam("keyId", mine.id()).when().get("/internal/v1/presign-keys").then().statusCode(200)
                .body("accessKeyId", equalTo(mine.id()));
        presigner(account).queryParam("date", today()).queryParam("region", "us-east-1").queryParam("service", "s3")
                .queryParam("keyId", other.id()).when().get("/internal/v1/presign-keys").then().statusCode(404)
                .body("code", equalTo("no-such-access-key"));
        presigner(account).queryParam("date", "bad").queryParam("region", "us-east-1").queryParam("service", "s3")
                .when().get("/internal/v1/presign-keys").then().statusCode(400).body("code", equalTo("invalid-date"));
    }

    @Test
    void sigV2_isVerifiedInsideTheService_inConstantTime() throws Exception {
        String account = newAccount();
        Api.Key key = createKey(account, "v2");
        String stringToSign = "GET\n\n\n1700000000\n/bucket/object.txt";
        String good = Base64.getEncoder().encodeToString(hmac("HmacSHA1", key.secret().getBytes(StandardCharsets.UTF_8),
                stringToSign));
        sigV2(key.id(), stringToSign, good).statusCode(200).body("valid", equalTo(true))
                .body("accountId", equalTo(account)).body("keyVersion", equalTo(1)).body("status", equalTo("active"));
        sigV2(key.id(), stringToSign + "x", good).statusCode(200).body("valid", equalTo(false));
        sigV2(key.id(), stringToSign, "not base64!").statusCode(200).body("valid", equalTo(false));
        sigV2("AKIA0000000000000000", stringToSign, good).statusCode(404).body("code", equalTo("unknown-access-key"));
        verifier().contentType("application/json").body("{\"accessKeyId\":\"" + key.id() + "\"}")
                .when().post("/internal/v1/sigv2/verify").then().statusCode(400)
                .contentType("application/problem+json").body("code", equalTo("invalid-sigv2-request"));
        as(account).when().delete("/internal/v1/keys/" + key.id()).then().statusCode(204);
        sigV2(key.id(), stringToSign, good).statusCode(404).body("code", equalTo("access-key-revoked"));
    }

    @Test
    void reEncrypt_movesSecretsFromAnOldMasterKeyToTheCurrentOne_withoutChangingThem() {
        SecretCipher oldCipher = new SecretCipher(MasterKeyRing.of(OLD_MASTER_KEY, Optional.of("mk-old-test"), List.of()));
        String id = "AKIAREENCRYPT0000001";
        String secret = "reencryptreencryptreencryptreencrypt1234";
        storeKey("reencrypt", id, secret, oldCipher);
        String before = signingKey(id, today(), "us-east-1", "s3").statusCode(200).extract().path("signingKey");

        operator().when().post("/internal/v1/maintenance/re-encrypt").then().statusCode(200)
                .body("masterKeyId", equalTo(cipher.currentMasterKeyId())).body("remaining", equalTo(0));

        var row = Sql.one("select master_key_id from keys.access_keys where access_key_id = ?", id);
        assertThat(row.get("master_key_id")).isEqualTo(cipher.currentMasterKeyId());
        signingKey(id, today(), "us-east-1", "s3").statusCode(200).body("signingKey", equalTo(before));
    }

    private static ValidatableResponse sigV2(String id, String stringToSign, String signature) {
        return verifier().contentType("application/json")
                .body(Map.of("accessKeyId", id, "stringToSign", stringToSign, "signature", signature))
                .when().post("/internal/v1/sigv2/verify").then();
    }

    private static String hmacSha256Hex(byte[] key, String data) throws GeneralSecurityException {
        return HexFormat.of().formatHex(hmac("HmacSHA256", key, data));
    }

    private static byte[] hmac(String algorithm, byte[] key, String data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance(algorithm);
        mac.init(new SecretKeySpec(key, algorithm));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }
}
