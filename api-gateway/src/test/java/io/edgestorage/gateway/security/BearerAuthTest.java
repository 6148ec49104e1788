package io.edgestorage.gateway.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
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
import io.restassured.specification.RequestSpecification;

/**
 * Bearer-token auth: opaque platform tokens introspected by (fake) key-service through Quarkus OIDC,
 * JWTs of the (fake) external provider verified against its key, and the scope table of ARCHITECTURE.md.
 */
@QuarkusTest
@WithTestResource(value = FakeServices.class, scope = TestResourceScope.GLOBAL)
class BearerAuthTest {

    private static final Set<String> ALL = Set.of(Tokens.ALL_SCOPES.split(" "));

    static Stream<Route> routes() {
        return RouteTable.ROUTES.stream();
    }

    private static RequestSpecification call(RequestSpecification spec, Route route) {
        if (route.method().equals("POST") || route.method().equals("PUT")) {
            return spec.contentType(ContentType.JSON).body("{\"key\":\"k\",\"name\":\"n\"}");
        }
        return spec;
    }

    private static String path(Route route) {
        return RoutePaths.concrete(route);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routes")
    void scopeTable_onlyTheRoutesScopeOpensIt(Route route) {
        String account = Tokens.newAccount();
        FakeServices.BUCKETS.put(account, Set.of("my-bucket"));
        String withAllOthers = ALL.stream().filter(s -> !s.equals(route.scope())).collect(Collectors.joining(" "));
        call(given().auth().oauth2(Tokens.platformToken(account, withAllOthers)), route)
                .when().request(route.method(), path(route))
                .then().statusCode(403).contentType("application/problem+json")
                .body("code", equalTo("insufficient-scope"))
                .header("WWW-Authenticate", startsWith("Bearer error=\"insufficient_scope\""));
        int status = call(given().auth().oauth2(Tokens.platformToken(account, route.scope())), route)
                .when().request(route.method(), path(route)).then().extract().statusCode();
        assertThat(status).isBetween(200, 299);
    }

    @Test
    void missingToken_is401WithBearerChallenge_andAProblem() {
        given().when().get("/api/storage/buckets").then().statusCode(401)
                .header("WWW-Authenticate", startsWith("Bearer")).contentType("application/problem+json")
                .body("code", equalTo("unauthorized"))
                .body("status", equalTo(401));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Basic dXNlcjpwYXNz", "Bearer", "Bearer ", "Token abc", "bearer"})
    void malformedAuthorizationHeader_is401WithBearerChallenge(String header) {
        given().header("Authorization", header).when().get("/api/storage/buckets").then().statusCode(401)
                .header("WWW-Authenticate", startsWith("Bearer"));
    }

    @Test
    void credentialsOnPathsOutsideTheEdgeApi_areNotChecked() {
        // Authentication is not proactive: only /api/storage/** judges bearer tokens (health probes and the
        // OpenAPI document never did need one).
        InternalApi.anonymous().auth().oauth2("edge_no-such-token").when().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void unknownPath_withoutToken_is401NotA404() {
        given().when().get("/api/storage/no-such-thing").then().statusCode(401)
                .header("WWW-Authenticate", equalTo("Bearer"));
    }

    @Test
    void unknownToken_is401() {
        given().auth().oauth2("edge_no-such-token").when().get("/api/storage/buckets").then().statusCode(401)
                .header("WWW-Authenticate", startsWith("Bearer")).contentType("application/problem+json")
                .body("code", equalTo("unauthorized"));
    }

    @Test
    void expiredOrRevokedToken_is401() {
        given().auth().oauth2(Tokens.inactiveToken(Tokens.newAccount())).when().get("/api/storage/keys").then()
                .statusCode(401).header("WWW-Authenticate", startsWith("Bearer"));
    }

    @Test
    void introspectionResults_areCachedBriefly() {
        FakeServices.awaitGatewayHearsKeyEvents();
        String token = Tokens.platformToken(Tokens.newAccount(), Tokens.ALL_SCOPES);
        given().auth().oauth2(token).when().get("/api/storage/keys").then().statusCode(200);
        int after = FakeServices.INTROSPECTIONS.get();
        given().auth().oauth2(token).when().get("/api/storage/keys").then().statusCode(200);
        given().auth().oauth2(token).when().get("/api/storage/buckets").then().statusCode(200);
        assertThat(FakeServices.INTROSPECTIONS.get()).isEqualTo(after);
    }

    @Test
    void anUnknownTokenRepeated_costsOneIntrospection() {
        String unknown = "edge_" + UUID.randomUUID().toString().replace("-", "");
        int before = FakeServices.INTROSPECTIONS.get();
        for (int i = 0; i < 20; i++) {
            given().auth().oauth2(unknown).when().get("/api/storage/buckets").then().statusCode(401)
                    .header("WWW-Authenticate", startsWith("Bearer")).contentType("application/problem+json")
                    .body("code", equalTo("unauthorized"));
        }
        assertThat(FakeServices.INTROSPECTIONS.get() - before).isEqualTo(1);
    }

    @Test
    void aRefusedToken_isHiddenForNoLongerThanTheNegativeTtl() {
        // Random tokens cannot become valid, but a refused verdict must not outlive its TTL whatever happens.
        String account = Tokens.newAccount();
        String token = Tokens.inactiveToken(account);
        given().auth().oauth2(token).when().get("/api/storage/buckets").then().statusCode(401);
        FakeServices.TOKENS.computeIfPresent(token, (t, info) -> new FakeServices.TokenInfo(info.id(), account,
                Tokens.ALL_SCOPES, true));
        // edge.gateway.token-cache.negative-ttl is 5 s
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).until(() -> given()
                .auth().oauth2(token).when().get("/api/storage/buckets").then().extract().statusCode() == 200);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 19, 513, 8000})
    void anOpaqueTokenOfALengthKeyServiceNeverIssues_isRefusedWithoutAsking(int length) {
        int before = FakeServices.INTROSPECTIONS.get();
        given().auth().oauth2("e".repeat(length)).when().get("/api/storage/buckets").then().statusCode(401)
                .header("WWW-Authenticate", startsWith("Bearer")).body("code", equalTo("unauthorized"));
        assertThat(FakeServices.INTROSPECTIONS.get()).isEqualTo(before);
    }

    @Test
    void jwtOfTheExternalProvider_isAccepted_andItsAccountMadeToExistOnce() {
        String account = Tokens.newAccount();
        String jwt = Tokens.jwt(account, "storage:buckets storage:keys", Duration.ofMinutes(5));
        int introspections = FakeServices.INTROSPECTIONS.get();
        given().auth().oauth2(jwt).when().get("/api/storage/buckets").then().statusCode(200)
                .body("upstream", equalTo("object-service"));
        given().auth().oauth2(jwt).when().get("/api/storage/keys").then().statusCode(200);
        assertThat(FakeServices.ENSURED_ACCOUNTS).contains(account);
        assertThat(FakeServices.REQUESTS).filteredOn(r -> r.path().equals("/internal/v1/accounts/" + account))
                .singleElement().satisfies(r -> {
                    assertThat(r.method()).isEqualTo("PUT");
                    assertThat(r.internalToken()).isEqualTo(FakeServices.INTERNAL_TOKEN);
                });
        assertThat(FakeServices.REQUESTS).filteredOn(r -> r.path().equals("/internal/v1/buckets")
                && account.equals(r.account())).isNotEmpty();
        assertThat(FakeServices.INTROSPECTIONS.get()).as("JWTs are verified locally").isEqualTo(introspections);
    }

    @Test
    void jwtLackingTheScope_is403() {
        String jwt = Tokens.jwt(Tokens.newAccount(), "storage:presign", Duration.ofMinutes(5));
        given().auth().oauth2(jwt).when().get("/api/storage/keys").then().statusCode(403)
                .body("code", equalTo("insufficient-scope"));
    }

    @Test
    void jwtWithoutAnAccountClaim_is403() {
        String jwt = Tokens.jwt(null, Tokens.ALL_SCOPES, Duration.ofMinutes(5));
        given().auth().oauth2(jwt).when().get("/api/storage/keys").then().statusCode(403)
                .body("code", equalTo("no-account"));
    }

    @Test
    void expiredJwt_is401() {
        String jwt = Tokens.jwt(Tokens.newAccount(), Tokens.ALL_SCOPES, Duration.ofMinutes(-5));
        given().auth().oauth2(jwt).when().get("/api/storage/keys").then().statusCode(401)
                .header("WWW-Authenticate", startsWith("Bearer")).contentType("application/problem+json")
                .body("code", equalTo("unauthorized"));
    }

    @Test
    void jwtWithATamperedPayload_is401() {
        String jwt = Tokens.jwt(Tokens.newAccount(), "storage:keys", Duration.ofMinutes(5));
        String[] parts = jwt.split("\\.");
        String forged = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(java.util.Base64.getUrlDecoder().decode(parts[1]))
                        .replace("storage:keys", "platform:admin").getBytes()) + "." + parts[2];
        given().auth().oauth2(forged).when().get("/api/storage/admin/accounts").then().statusCode(401);
    }
}
