package io.edgestorage.keys;

import static io.edgestorage.keys.Api.as;
import static io.edgestorage.keys.Api.internal;
import static io.edgestorage.keys.Api.newAccount;
import static io.edgestorage.keys.Api.presigner;
import static io.edgestorage.keys.Api.verifier;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.edgestorage.sigv4.CredentialScope;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Runs every credential-bearing call with verbose logging (DEBUG everywhere, SQL, access log) and then
 * searches the captured log for each secret, token and derived key that was issued: none may appear.
 */
@QuarkusTest
@TestProfile(LogCaptureTest.Verbose.class)
class LogCaptureTest {

    static final Path LOG = Path.of("target", "log-capture", "key-service.log");

    public static class Verbose implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.log.file.enabled", "true",
                    "quarkus.log.file.path", LOG.toString(),
                    "quarkus.log.level", "DEBUG",
                    "quarkus.log.category.\"org.apache.kafka\".level", "INFO",
                    "quarkus.log.category.\"io.netty\".level", "INFO",
                    // the test's own HTTP client (same JVM) logs response bodies on the wire: not the service
                    "quarkus.log.category.\"org.apache.http\".level", "INFO",
                    "quarkus.hibernate-orm.log.sql", "true",
                    "quarkus.http.access-log.enabled", "true");
        }
    }

    @Test
    void afterAFullRun_noIssuedSecretTokenOrDerivedKey_appearsInTheLogs() throws Exception {
        List<String> secrets = new ArrayList<>();
        secrets.add(Api.BOOTSTRAP_TOKEN);
        String date = CredentialScope.of(Instant.now(), "us-east-1", "s3").date();
        String account = newAccount();

        Api.Key key = Api.createKey(account, "logged");
        secrets.add(key.secret());
        secrets.add(as(account).when().post("/internal/v1/keys/" + key.id() + "/rotate").then().statusCode(200)
                .extract().path("secretAccessKey"));
        secrets.add(verifier().queryParam("date", date).queryParam("region", "us-east-1").queryParam("service", "s3")
                .when().get("/internal/v1/signing-keys/" + key.id()).then().statusCode(200).extract().path("signingKey"));
        secrets.add(presigner(account).queryParam("date", date).queryParam("region", "us-east-1").queryParam("service", "s3")
                .when().get("/internal/v1/presign-keys").then().statusCode(200).extract().path("signingKey"));
        verifier().contentType("application/json")
                .body(Map.of("accessKeyId", key.id(), "stringToSign", "GET\n\n\n1\n/b/k", "signature", "AAAA"))
                .when().post("/internal/v1/sigv2/verify").then().statusCode(200);
        String token = Api.holding(account, Api.ALL_SCOPES).body("{\"name\":\"logged\"}").when().post("/internal/v1/tokens").then()
                .statusCode(201).extract().path("token");
        secrets.add(token);
        internal().formParam("token", token).when().post("/internal/v1/introspect").then().statusCode(200);
        internal().formParam("token", Api.BOOTSTRAP_TOKEN).when().post("/internal/v1/introspect").then().statusCode(200);
        secrets.add(as(Api.BOOTSTRAP_ACCOUNT).body("{\"id\":\"" + newAccount() + "\"}").when()
                .post("/internal/v1/admin/accounts").then().statusCode(201).extract().path("token"));
        as(account).when().delete("/internal/v1/keys/" + key.id()).then().statusCode(204);
        verifier().queryParam("date", date).queryParam("region", "us-east-1").queryParam("service", "s3")
                .when().get("/internal/v1/signing-keys/" + key.id()).then().statusCode(404);

        Awaitility.await("the access log of the last call in the captured log").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50)).until(() -> read().contains("/internal/v1/signing-keys/" + key.id()));
        String log = read();
        assertThat(log).contains(key.id()); // the capture works: ids are fine to log
        for (String secret : secrets) {
            assertThat(secret).hasSizeGreaterThanOrEqualTo(40);
            assertThat(log).as("the log must not contain an issued credential").doesNotContain(secret);
        }
    }

    private static String read() {
        try {
            return Files.exists(LOG) ? Files.readString(LOG, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
