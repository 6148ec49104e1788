package io.edgestorage.gateway.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;

import io.edgestorage.gateway.support.FakeServices;
import io.edgestorage.gateway.support.Tokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * An introspection endpoint that cannot answer is not an invalid token: while key-service is unreachable
 * or broken, a token the gateway has not verified yet gets {@code 503} (problem+json, {@code Retry-After},
 * no Bearer challenge), and the same token works as soon as key-service is back.
 */
@QuarkusTest
@WithTestResource(value = FakeServices.class, scope = TestResourceScope.GLOBAL)
class IntrospectionOutageTest {

    private static final String KEY_SERVICE = "key-service";

    private static ValidatableResponse listBuckets(String token) {
        return given().auth().oauth2(token).when().get("/api/storage/buckets").then();
    }

    private static void assertUnavailable(ValidatableResponse response) {
        response.statusCode(503).contentType("application/problem+json")
                .body("status", equalTo(503))
                .body("code", equalTo("token-verification-unavailable"))
                .body("instance", equalTo("/api/storage/buckets"))
                .header("Retry-After", equalTo("1"))
                .header("WWW-Authenticate", nullValue());
    }

    @Test
    void keyServiceRefusingConnections_is503_andTheTokenWorksOnceItIsBack() {
        String token = Tokens.platformToken(Tokens.newAccount(), Tokens.ALL_SCOPES);
        FakeServices.stop(KEY_SERVICE);
        try {
            assertUnavailable(listBuckets(token));
        } finally {
            FakeServices.restart(KEY_SERVICE);
        }
        listBuckets(token).statusCode(200).body("upstream", equalTo("object-service"));
    }

    @Test
    void keyServiceDroppingConnections_is503() {
        String token = Tokens.platformToken(Tokens.newAccount(), Tokens.ALL_SCOPES);
        FakeServices.DOWN.add(KEY_SERVICE);
        try {
            assertUnavailable(listBuckets(token));
        } finally {
            FakeServices.DOWN.remove(KEY_SERVICE);
        }
        listBuckets(token).statusCode(200);
    }

    @Test
    void keyServiceAnswering500_is503() {
        String token = Tokens.platformToken(Tokens.newAccount(), Tokens.ALL_SCOPES);
        FakeServices.FAILING.add(KEY_SERVICE);
        try {
            assertUnavailable(listBuckets(token));
        } finally {
            FakeServices.FAILING.remove(KEY_SERVICE);
        }
        listBuckets(token).statusCode(200);
    }

    @Test
    void aTokenAlreadyVerified_keepsWorkingFromTheCache_whileKeyServiceIsDown() {
        FakeServices.awaitGatewayHearsKeyEvents();
        String token = Tokens.platformToken(Tokens.newAccount(), Tokens.ALL_SCOPES);
        listBuckets(token).statusCode(200);
        FakeServices.stop(KEY_SERVICE);
        try {
            listBuckets(token).statusCode(200);
        } finally {
            FakeServices.restart(KEY_SERVICE);
        }
    }

    @Test
    void invalidTokens_stay401_whenKeyServiceAnswers() {
        listBuckets("edge_no-such-token").statusCode(401).header("WWW-Authenticate", startsWith("Bearer"));
        listBuckets(Tokens.inactiveToken(Tokens.newAccount())).statusCode(401)
                .header("WWW-Authenticate", startsWith("Bearer"));
    }

    @Test
    void aForgedJwt_stays401_evenWhileKeyServiceIsDown() {
        String jwt = Tokens.jwt(Tokens.newAccount(), Tokens.ALL_SCOPES, java.time.Duration.ofMinutes(5));
        String forged = jwt.substring(0, jwt.lastIndexOf('.') + 1) + "AAAA" + jwt.substring(jwt.lastIndexOf('.') + 5);
        FakeServices.stop(KEY_SERVICE);
        try {
            listBuckets(forged).statusCode(401).header("WWW-Authenticate", startsWith("Bearer"));
        } finally {
            FakeServices.restart(KEY_SERVICE);
        }
    }
}
