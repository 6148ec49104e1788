package io.edgestorage.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.edgestorage.common.testing.InternalApi;
import io.edgestorage.gateway.Route;
import io.edgestorage.gateway.RouteTable;
import io.edgestorage.gateway.support.FakeServices;
import io.edgestorage.gateway.support.RoutePaths;
import io.edgestorage.gateway.support.Tokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Every Edge API route reaches the right service at {@code /internal/v1/...} with the internal
 * credential, the account and the request id; nothing else is proxied. Upstreams are
 * {@link FakeServices} (in-test HTTP doubles).
 */
@QuarkusTest
@WithTestResource(value = FakeServices.class, scope = TestResourceScope.GLOBAL)
class EdgeApiRoutingTest {

    static Stream<Route> routes() {
        return RouteTable.ROUTES.stream();
    }


    @ParameterizedTest(name = "{0}")
    @MethodSource("routes")
    void eachRoute_isForwardedToItsUpstream_withCredentialAccountAndRequestId(Route route) {
        String account = Tokens.newAccount();
        FakeServices.BUCKETS.put(account, java.util.Set.of("my-bucket"));
        String token = Tokens.platformToken(account, Tokens.ALL_SCOPES);
        String requestId = "rid-" + UUID.randomUUID();
        String path = RoutePaths.concrete(route);
        var request = given().auth().oauth2(token).header("X-Request-Id", requestId);
        if (!route.method().equals("GET") && !route.method().equals("DELETE")) {
            request = request.contentType(ContentType.JSON).body("{\"key\":\"k\",\"name\":\"n\"}");
        }
        int status = request.when().request(route.method(), path).then().extract().statusCode();
        assertThat(status).isBetween(200, 299);

        List<FakeServices.Recorded> calls = FakeServices.REQUESTS.stream()
                .filter(r -> requestId.equals(r.requestId()) && !r.path().equals("/internal/v1/introspect")).toList();
        assertThat(calls).singleElement().satisfies(call -> {
            assertThat(call.upstream()).isEqualTo(route.upstream().configName());
            assertThat(call.method()).isEqualTo(route.method());
            assertThat(call.path()).isEqualTo(path.replace("/api/storage/", "/internal/v1/"));
            assertThat(call.account()).isEqualTo(account);
            assertThat(call.internalToken()).isEqualTo(FakeServices.INTERNAL_TOKEN);
        });
    }

    private static FakeServices.Recorded upstreamCall(String requestId) {
        return FakeServices.REQUESTS.stream()
                .filter(r -> requestId.equals(r.requestId()) && !r.path().equals("/internal/v1/introspect"))
                .reduce((a, b) -> b).orElseThrow();
    }

    @Test
    void keyServiceCalls_carryTheScopesOfTheCallersCredential_andNoScopeTheCallerClaims() {
        String account = Tokens.newAccount();
        String token = Tokens.platformToken(account, "storage:admin storage:buckets");
        String requestId = "rid-" + UUID.randomUUID();
        // A caller cannot add scopes by sending the header itself.
        given().auth().oauth2(token).header("X-Request-Id", requestId).header("X-Edge-Scopes", "platform:admin")
                .contentType(ContentType.JSON).body("{\"name\":\"n\",\"scopes\":[\"platform:admin\"]}")
                .when().post("/api/storage/tokens").then().statusCode(201);
        assertThat(upstreamCall(requestId).callerScopes()).isEqualTo("storage:buckets storage:admin");

        // A JWT: the scopes the gateway derived from its claim, without the provider's own (openid, email).
        String jwt = Tokens.jwt(Tokens.newAccount(), "openid email storage:admin", java.time.Duration.ofMinutes(5));
        String jwtRequest = "rid-" + UUID.randomUUID();
        given().auth().oauth2(jwt).header("X-Request-Id", jwtRequest).when().get("/api/storage/tokens").then()
                .statusCode(200);
        assertThat(upstreamCall(jwtRequest).callerScopes()).isEqualTo("storage:admin");

        // Other services issue no credentials and do not get the header.
        String bucketsRequest = "rid-" + UUID.randomUUID();
        given().auth().oauth2(token).header("X-Request-Id", bucketsRequest).header("X-Edge-Scopes", "platform:admin")
                .when().get("/api/storage/buckets").then().statusCode(200);
        assertThat(upstreamCall(bucketsRequest).callerScopes()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/storage/buckets/zz%00", "/api/storage/tokens/tok_%00",
            "/api/storage/buckets/a%0D%0Ab/cors", "/api/storage/keys/AKIA%7f/rotate"})
    void anEncodedControlCharacterInThePath_is400_andNotProxied(String path) {
        String token = Tokens.platformToken(Tokens.newAccount(), Tokens.ALL_SCOPES);
        String requestId = "rid-" + UUID.randomUUID();
        given().urlEncodingEnabled(false).auth().oauth2(token).header("X-Request-Id", requestId).when()
                .delete(path).then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("invalid-path"));
        assertThat(FakeServices.REQUESTS).noneMatch(r -> requestId.equals(r.requestId()));
    }

    @Test
    void anUpstreamErrorWithoutAProblemDocument_reachesTheCallerAsAProblem() {
        String token = Tokens.platformToken(Tokens.newAccount(), Tokens.ALL_SCOPES);
        given().auth().oauth2(token).when().delete("/api/storage/tokens" + FakeServices.BARE_413_SUFFIX).then()
                .statusCode(413).contentType("application/problem+json").body("code", equalTo("payload-too-large"))
                .body("status", equalTo(413)).body("instance", equalTo("/api/storage/tokens/bare-413"));
    }

    @Test
    void httpMetrics_nameRoutesByTemplate_neverByATenantsBucketOrKey() {
        String account = Tokens.newAccount();
        String bucket = "metrics-" + UUID.randomUUID().toString().substring(0, 8);
        FakeServices.BUCKETS.put(account, java.util.Set.of(bucket));
        String token = Tokens.platformToken(account, Tokens.ALL_SCOPES);
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"key\":\"k\"}").when()
                .post("/api/storage/buckets/" + bucket + "/presign").then().statusCode(200);
        given().auth().oauth2(token).when().post("/api/storage/keys/AKIAMETRICS" + account.hashCode() + "/rotate");
        given().when().get("/api/storage/unauthenticated-" + bucket).then().statusCode(401);

        String metrics = InternalApi.anonymous().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).doesNotContain(bucket).doesNotContain("AKIAMETRICS")
                .contains("uri=\"/api/storage/buckets/{name}/presign\"")
                .contains("uri=\"/api/storage/keys/{id}/rotate\"");
    }

    @Test
    void requestId_isGeneratedWhenAbsent_echoed_andSentUpstream() {
        String account = Tokens.newAccount();
        String token = Tokens.platformToken(account, Tokens.ALL_SCOPES);
        String requestId = given().auth().oauth2(token).when().get("/api/storage/buckets").then().statusCode(200)
                .extract().header("X-Request-Id");
        assertThat(requestId).isNotBlank();
        assertThat(FakeServices.REQUESTS).anySatisfy(r -> {
            assertThat(r.requestId()).isEqualTo(requestId);
            assertThat(r.upstream()).isEqualTo("object-service");
        });
    }

    @Test
    void queryStringAndBody_arePassedThrough_andUpstreamStatusAndLocationRelayed() {
        String token = Tokens.platformToken(Tokens.newAccount(), Tokens.ALL_SCOPES);
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"name\":\"photos\"}")
                .when().post("/api/storage/buckets?dryRun=false")
                .then().statusCode(201).header("Location", "/somewhere")
                .body("upstream", equalTo("object-service")).body("path", equalTo("/internal/v1/buckets"))
                .body("query", equalTo("dryRun=false")).body("body", equalTo("{\"name\":\"photos\"}"));
    }

    @Test
    void unknownPathUnderTheApi_isA404Problem() {
        String token = Tokens.platformToken(Tokens.newAccount(), Tokens.ALL_SCOPES);
        given().auth().oauth2(token).when().get("/api/storage/objects/anything").then().statusCode(404)
                .contentType("application/problem+json").body("code", equalTo("no-such-route"));
    }

    @Test
    void wrongMethodOnAKnownPath_isA405ProblemWithAllow() {
        String token = Tokens.platformToken(Tokens.newAccount(), Tokens.ALL_SCOPES);
        given().auth().oauth2(token).when().patch("/api/storage/buckets").then().statusCode(405)
                .header("Allow", "GET, POST").contentType("application/problem+json");
    }

    @Test
    void internalPaths_areNeverProxied() {
        String token = Tokens.platformToken(Tokens.newAccount(), Tokens.ALL_SCOPES);
        int before = FakeServices.REQUESTS.size();
        given().auth().oauth2(token).when().get("/api/storage/internal/v1/keys").then().statusCode(404);
        given().auth().oauth2(token).urlEncodingEnabled(false).when().get("/api/storage/%2e%2e/%2e%2e/internal/v1/keys")
                .then().statusCode(org.hamcrest.Matchers.not(200));
        given().auth().oauth2(token).when().get("/internal/v1/keys").then().statusCode(404)
                .contentType("application/problem+json");
        given().header("X-Edge-Internal-Token", FakeServices.INTERNAL_TOKEN).when().get("/internal/v1/keys").then()
                .statusCode(404);
        // the gateway has no internal API: on its internal listener no credential opens anything
        InternalApi.anonymous().header("X-Edge-Internal-Token", FakeServices.INTERNAL_TOKEN).when()
                .get("/internal/v1/keys").then().statusCode(401).body("code", equalTo("internal-credential-required"));
        assertThat(FakeServices.REQUESTS.subList(before, FakeServices.REQUESTS.size()))
                .allSatisfy(r -> assertThat(r.path()).isEqualTo("/internal/v1/introspect"));
    }

    @Test
    void bodyOverTheLimit_isA413Problem_andNotForwarded() {
        String token = Tokens.platformToken(Tokens.newAccount(), Tokens.ALL_SCOPES);
        String big = "{\"rules\":\"" + "x".repeat(300_000) + "\"}";
        given().auth().oauth2(token).contentType(ContentType.JSON).body(big)
                .when().put("/api/storage/buckets/b/cors").then().statusCode(413)
                .contentType("application/problem+json").body("code", equalTo("payload-too-large"));
    }
}
