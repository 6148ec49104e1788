package io.edgestorage.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.edgestorage.gateway.RouteTable;
import io.edgestorage.gateway.support.FakeServices;
import io.edgestorage.gateway.support.Tokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The public-read switch of the Edge API: {@code GET/PUT /api/storage/buckets/{name}/access} reach object-service's
 * {@code /internal/v1/buckets/{name}/access} for the token's account with scope {@code storage:buckets} and no
 * other. object-service is {@link FakeServices}' double (its refusals are relayed as for every bucket route).
 */
@QuarkusTest
@WithTestResource(value = FakeServices.class, scope = TestResourceScope.GLOBAL)
class BucketAccessRoutesTest {

    private static FakeServices.Recorded upstreamCall(String requestId) {
        List<FakeServices.Recorded> calls = FakeServices.REQUESTS.stream()
                .filter(r -> requestId.equals(r.requestId()) && !r.path().equals("/internal/v1/introspect")).toList();
        assertThat(calls).hasSize(1);
        return calls.get(0);
    }

    @Test
    void settingAndReadingAccess_reachObjectService_forTheTokensAccount() {
        String account = Tokens.newAccount();
        String token = Tokens.platformToken(account, RouteTable.BUCKETS);
        String put = "rid-" + UUID.randomUUID();
        given().auth().oauth2(token).header("X-Request-Id", put).header("X-Edge-Account", "someone-else")
                .contentType(ContentType.JSON).body("{\"public\":\"read\"}").when()
                .put("/api/storage/buckets/avatars/access").then().statusCode(200)
                .body("path", equalTo("/internal/v1/buckets/avatars/access"))
                .body("body", equalTo("{\"public\":\"read\"}"));
        FakeServices.Recorded call = upstreamCall(put);
        assertThat(call.method()).isEqualTo("PUT");
        assertThat(call.account()).isEqualTo(account);

        String get = "rid-" + UUID.randomUUID();
        given().auth().oauth2(token).header("X-Request-Id", get).when().get("/api/storage/buckets/avatars/access")
                .then().statusCode(200);
        assertThat(upstreamCall(get).path()).isEqualTo("/internal/v1/buckets/avatars/access");
    }

    @Test
    void withoutStorageBuckets_isA403Problem_andNotForwarded() {
        String token = Tokens.platformToken(Tokens.newAccount(), "storage:presign storage:keys storage:admin");
        String requestId = "rid-" + UUID.randomUUID();
        given().auth().oauth2(token).header("X-Request-Id", requestId).contentType(ContentType.JSON)
                .body("{\"public\":\"read\"}").when().put("/api/storage/buckets/avatars/access").then().statusCode(403)
                .contentType("application/problem+json").body("code", equalTo("insufficient-scope"));
        assertThat(FakeServices.REQUESTS).noneMatch(r -> requestId.equals(r.requestId())
                && !r.path().equals("/internal/v1/introspect"));
    }

    @Test
    void deleteOnTheAccessRoute_isMethodNotAllowed() {
        String token = Tokens.platformToken(Tokens.newAccount(), RouteTable.BUCKETS);
        given().auth().oauth2(token).when().delete("/api/storage/buckets/avatars/access").then().statusCode(405);
    }
}
