package io.edgestorage.gateway.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;

import io.edgestorage.gateway.support.FakeServices;
import io.edgestorage.gateway.support.KeycloakResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * JWT access tokens of a real external OIDC provider (Keycloak, realm {@code edge}: users alice/kc-alice
 * and bob/kc-bob, an {@code account} claim mapper, {@code storage:*} client scopes) through the gateway:
 * the account comes from the claim, scopes from {@code scope}, keys from the provider's JWKS.
 */
@QuarkusTest
@WithTestResource(value = KeycloakResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class KeycloakJwtIT {

    private static String token(String user, String scope) {
        return given().formParam("grant_type", "password").formParam("client_id", "edge-cli")
                .formParam("username", user).formParam("password", user + "-password").formParam("scope", scope)
                .when().post(KeycloakResource.ISSUER + "/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token");
    }

    @Test
    void keycloakToken_reachesTheUpstreamAsItsAccountClaim_andTheAccountIsProvisioned() {
        given().auth().oauth2(token("alice", "openid")).when().get("/api/storage/buckets")
                .then().statusCode(200).body("upstream", equalTo("object-service"));
        var last = FakeServices.REQUESTS.get(FakeServices.REQUESTS.size() - 1);
        assertThat(last.account()).isEqualTo("kc-alice");
        assertThat(FakeServices.ENSURED_ACCOUNTS).contains("kc-alice");
    }

    @Test
    void scopesComeFromTheTokensScopeClaim() {
        // edge-cli grants storage:presign and storage:buckets by default; storage:keys only when asked.
        given().auth().oauth2(token("bob", "openid")).when().get("/api/storage/keys")
                .then().statusCode(403).body("code", equalTo("insufficient-scope"));
        given().auth().oauth2(token("bob", "openid storage:keys")).when().get("/api/storage/keys")
                .then().statusCode(200).body("upstream", equalTo("key-service"));
        var last = FakeServices.REQUESTS.get(FakeServices.REQUESTS.size() - 1);
        assertThat(last.account()).isEqualTo("kc-bob");
    }

    @Test
    void aTamperedKeycloakToken_isRefusedWithABearerChallenge() {
        String token = token("alice", "openid");
        String tampered = token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
        given().auth().oauth2(tampered).when().get("/api/storage/buckets")
                .then().statusCode(401).header("WWW-Authenticate", startsWith("Bearer"));
    }
}
