package io.edgestorage.keys.service;

import static io.edgestorage.keys.Api.as;
import static io.edgestorage.keys.Api.internal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.edgestorage.keys.Credentials;
import io.edgestorage.keys.Sql;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/** What the service does on every start with EDGE_BOOTSTRAP_ACCOUNT / EDGE_BOOTSTRAP_TOKEN. */
@QuarkusTest
class BootstrapTest {

    @Inject
    Bootstrap bootstrap;

    private static ValidatableResponse introspect(String token) {
        return internal().formParam("token", token).when().post("/internal/v1/introspect").then().statusCode(200);
    }

    @Test
    void ensure_isIdempotent_andARevokedBootstrapTokenStaysRevokedAcrossRestarts() {
        String account = "boot-" + UUID.randomUUID().toString().substring(0, 8);
        String token = Credentials.newApiToken();
        bootstrap.ensure(account, token).await().atMost(Duration.ofSeconds(10));
        bootstrap.ensure(account, token).await().atMost(Duration.ofSeconds(10));
        as(account).when().get("/internal/v1/tokens").then().statusCode(200).body("", hasSize(1));
        introspect(token).body("active", equalTo(true)).body("sub", equalTo(account))
                .body("scope", equalTo("storage:presign storage:buckets storage:keys storage:admin platform:admin"));

        as(account).when().delete("/internal/v1/tokens/" + Bootstrap.tokenId(account)).then().statusCode(204);
        introspect(token).body("active", equalTo(false));
        // What every start does: the revocation survives it.
        bootstrap.ensure(account, token).await().atMost(Duration.ofSeconds(10));
        bootstrap.ensure(account, token).await().atMost(Duration.ofSeconds(10));
        introspect(token).body("active", equalTo(false));
        as(account).when().get("/internal/v1/tokens").then().statusCode(200).body("", hasSize(0));
        assertThat(Sql.one("select revoked_at from keys.api_tokens where id = ?", Bootstrap.tokenId(account))
                .get("revoked_at")).isNotNull();
    }

    @Test
    void aRevokedBootstrapToken_isReplacedOnlyByConfiguringANewValue() {
        String account = "boot-" + UUID.randomUUID().toString().substring(0, 8);
        String first = Credentials.newApiToken();
        bootstrap.ensure(account, first).await().atMost(Duration.ofSeconds(10));
        as(account).when().delete("/internal/v1/tokens/" + Bootstrap.tokenId(account)).then().statusCode(204);
        String second = Credentials.newApiToken();
        bootstrap.ensure(account, second).await().atMost(Duration.ofSeconds(10));
        introspect(first).body("active", equalTo(false));
        introspect(second).body("active", equalTo(true)).body("sub", equalTo(account));
    }

    @Test
    void ensure_withANewTokenValue_replacesTheOldBootstrapToken() {
        String account = "boot-" + UUID.randomUUID().toString().substring(0, 8);
        String first = Credentials.newApiToken();
        String second = Credentials.newApiToken();
        bootstrap.ensure(account, first).await().atMost(Duration.ofSeconds(10));
        bootstrap.ensure(account, second).await().atMost(Duration.ofSeconds(10));
        introspect(first).body("active", equalTo(false));
        introspect(second).body("active", equalTo(true)).body("sub", equalTo(account));
        as(account).when().get("/internal/v1/tokens").then().body("", hasSize(1));
        // The old value stopped working: gateways hear it as a revocation of the token id, never its value.
        var events = Sql.query("select payload from keys.outbox where aggregate_id = ? and event_type = ?",
                Bootstrap.tokenId(account), "storage.token.revoked");
        assertThat(events).singleElement().satisfies(row -> assertThat(row.get("payload").toString())
                .contains("\"tokenId\":\"" + Bootstrap.tokenId(account) + "\"").doesNotContain(first)
                .doesNotContain(Credentials.tokenHash(first)));
    }
}
