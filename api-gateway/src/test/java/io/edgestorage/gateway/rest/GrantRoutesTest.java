package io.edgestorage.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.edgestorage.gateway.RouteTable;
import io.edgestorage.gateway.support.FakeServices;
import io.edgestorage.gateway.support.RoutePaths;
import io.edgestorage.gateway.support.Tokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/**
 * The grant and object-revocation routes of the Edge API: each reaches object-service's internal API for the
 * token's account with scope {@code storage:presign} and no other, object-service's refusals reach the caller as
 * problems naming the public path, and the served OpenAPI document describes them. object-service is
 * {@link FakeServices}' double.
 */
@QuarkusTest
@WithTestResource(value = FakeServices.class, scope = TestResourceScope.GLOBAL)
class GrantRoutesTest {

    static final String GRANT_ID = RoutePaths.GRANT_ID;

    private static RequestSpecification as(String token) {
        return given().auth().oauth2(token);
    }

    /** The one upstream call a request with this id made (the token's introspection aside). */
    private static FakeServices.Recorded upstreamCall(String requestId) {
        List<FakeServices.Recorded> calls = FakeServices.REQUESTS.stream()
                .filter(r -> requestId.equals(r.requestId()) && !r.path().equals("/internal/v1/introspect")).toList();
        assertThat(calls).hasSize(1);
        return calls.get(0);
    }

    private static void assertProblem(ValidatableResponse response, int status, String code, String instance) {
        response.statusCode(status).contentType("application/problem+json").body("code", equalTo(code))
                .body("instance", equalTo(instance));
    }

    @Test
    void listingGrants_passesEveryFilterToObjectService_forTheTokensAccountOnly() {
        String account = Tokens.newAccount();
        String token = Tokens.platformToken(account, RouteTable.PRESIGN);
        String requestId = "rid-" + UUID.randomUUID();
        // An account named by the caller is not the one the gateway sends.
        as(token).header("X-Request-Id", requestId).header("X-Edge-Account", "someone-else")
                .queryParam("bucket", "photos").queryParam("prefix", "avatars/").queryParam("state", "active")
                .queryParam("cursor", "c2Vjb25kLXBhZ2U").when().get("/api/storage/grants").then().statusCode(200)
                .body("path", equalTo("/internal/v1/grants"));
        FakeServices.Recorded call = upstreamCall(requestId);
        assertThat(call.upstream()).isEqualTo("object-service");
        assertThat(call.method()).isEqualTo("GET");
        assertThat(call.account()).isEqualTo(account);
        assertThat(call.query()).isEqualTo("bucket=photos&prefix=avatars%2F&state=active&cursor=c2Vjb25kLXBhZ2U");

        String byKey = "rid-" + UUID.randomUUID();
        as(token).header("X-Request-Id", byKey).queryParam("bucket", "photos").queryParam("key", "a b.png")
                .queryParam("state", "expired").when().get("/api/storage/grants").then().statusCode(200);
        assertThat(upstreamCall(byKey).query()).isEqualTo("bucket=photos&key=a%20b.png&state=expired");
    }

    @Test
    void readingAndRevokingAGrant_reachObjectService_andRevokingIs204() {
        String account = Tokens.newAccount();
        String token = Tokens.platformToken(account, RouteTable.PRESIGN);
        String read = "rid-" + UUID.randomUUID();
        as(token).header("X-Request-Id", read).when().get("/api/storage/grants/" + GRANT_ID).then().statusCode(200)
                .body("path", equalTo("/internal/v1/grants/" + GRANT_ID));
        assertThat(upstreamCall(read).account()).isEqualTo(account);

        String revoke = "rid-" + UUID.randomUUID();
        as(token).header("X-Request-Id", revoke).when().delete("/api/storage/grants/" + GRANT_ID).then()
                .statusCode(204);
        FakeServices.Recorded call = upstreamCall(revoke);
        assertThat(call.method()).isEqualTo("DELETE");
        assertThat(call.path()).isEqualTo("/internal/v1/grants/" + GRANT_ID);
        assertThat(call.account()).isEqualTo(account);
    }

    @Test
    void objectRevocations_areCreated201_andListed_throughObjectService() {
        String account = Tokens.newAccount();
        String token = Tokens.platformToken(account, RouteTable.PRESIGN);
        String create = "rid-" + UUID.randomUUID();
        as(token).header("X-Request-Id", create).contentType(ContentType.JSON).body("{\"key\":\"invoices/7.pdf\"}")
                .when().post("/api/storage/buckets/docs/revocations").then().statusCode(201)
                .body("path", equalTo("/internal/v1/buckets/docs/revocations"))
                .body("body", equalTo("{\"key\":\"invoices/7.pdf\"}"));
        FakeServices.Recorded call = upstreamCall(create);
        assertThat(call.method()).isEqualTo("POST");
        assertThat(call.account()).isEqualTo(account);
        assertThat(call.contentType()).startsWith("application/json");

        String list = "rid-" + UUID.randomUUID();
        as(token).header("X-Request-Id", list).when().get("/api/storage/buckets/docs/revocations").then()
                .statusCode(200);
        assertThat(upstreamCall(list).path()).isEqualTo("/internal/v1/buckets/docs/revocations");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"GET, /api/storage/grants", "GET, /api/storage/grants/" + GRANT_ID,
            "DELETE, /api/storage/grants/" + GRANT_ID, "GET, /api/storage/buckets/docs/revocations",
            "POST, /api/storage/buckets/docs/revocations"})
    void withoutStoragePresign_isA403Problem_andNotForwarded(String method, String path) {
        // Every other scope together still does not open the grant routes.
        String token = Tokens.platformToken(Tokens.newAccount(),
                "storage:buckets storage:keys storage:admin platform:admin");
        String requestId = "rid-" + UUID.randomUUID();
        var request = as(token).header("X-Request-Id", requestId);
        if (method.equals("POST")) {
            request = request.contentType(ContentType.JSON).body("{\"prefix\":\"tmp/\"}");
        }
        assertProblem(request.when().request(method, path).then(), 403, "insufficient-scope", path);
        assertThat(FakeServices.REQUESTS).noneMatch(r -> requestId.equals(r.requestId())
                && !r.path().equals("/internal/v1/introspect"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"state=lost, invalid-state", "state=ACTIVE%3B, invalid-state", "cursor=not%20a%20cursor, invalid-cursor"})
    void anInvalidStateOrCursor_isObjectServicesProblem_namingThePublicPath(String query, String code) {
        String token = Tokens.platformToken(Tokens.newAccount(), RouteTable.PRESIGN);
        assertProblem(as(token).urlEncodingEnabled(false).when().get("/api/storage/grants?" + query).then(), 400,
                code, "/api/storage/grants");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"GET, AKIAEXAMPLE0000001", "DELETE, gr_TOOSHORT", "GET, gr_abcdefghijklmnopqrstuvwxy1"})
    void aGrantIdThatCannotExist_isNoSuchGrant(String method, String id) {
        String token = Tokens.platformToken(Tokens.newAccount(), RouteTable.PRESIGN);
        assertProblem(as(token).when().request(method, "/api/storage/grants/" + id).then(), 404, "no-such-grant",
                "/api/storage/grants/" + id);
    }

    @Test
    void aControlCharacterInAGrantId_isA400Problem_andNotForwarded() {
        String token = Tokens.platformToken(Tokens.newAccount(), RouteTable.PRESIGN);
        assertProblem(as(token).urlEncodingEnabled(false).when().get("/api/storage/grants/gr_%0Aa").then(), 400,
                "invalid-path", "/api/storage/grants/gr_%0Aa");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theServedOpenApiDocument_describesTheGrantRoutes_asTheContractNamesThem() {
        JsonPath doc = given().accept("application/json").when().get("/openapi?format=json").then().statusCode(200)
                .extract().jsonPath();
        Map<String, String> operations = Map.of("paths.'/api/storage/grants'.get", "listGrants",
                "paths.'/api/storage/grants/{id}'.get", "getGrant", "paths.'/api/storage/grants/{id}'.delete",
                "revokeGrant", "paths.'/api/storage/buckets/{name}/revocations'.get", "listRevocations",
                "paths.'/api/storage/buckets/{name}/revocations'.post", "revokeObjects");
        operations.forEach((operation, id) -> {
            assertThat(doc.getString(operation + ".operationId")).isEqualTo(id);
            assertThat(doc.getString(operation + ".'x-edge-scope'")).isEqualTo(RouteTable.PRESIGN);
        });
        assertThat(doc.getMap("paths.'/api/storage/grants/{id}'.delete.responses")).containsKey("204");
        assertThat(doc.getMap("paths.'/api/storage/buckets/{name}/revocations'.post.responses")).containsKey("201");

        List<Map<String, Object>> filters = doc.getList("paths.'/api/storage/grants'.get.parameters");
        assertThat(filters).extracting(p -> p.get("name")).contains("bucket", "key", "prefix", "state", "cursor");
        assertThat(filters).filteredOn(p -> "state".equals(p.get("name"))).singleElement()
                .satisfies(p -> assertThat((List<String>) ((Map<String, Object>) p.get("schema")).get("enum"))
                        .containsExactly("active", "revoked", "used", "expired"));

        given().accept("application/json").when().get("/openapi?format=json").then()
                .body("components.schemas.Grant.properties.keySet()", hasItems("grantId", "bucket", "key", "method",
                        "expires", "uses", "used", "lastUsedAt", "createdAt", "revokedAt", "keyId", "context"))
                .body("components.schemas.Revocation.properties.keySet()",
                        hasItems("id", "bucket", "key", "prefix", "notBefore"))
                .body("components.schemas.PresignResponse.required", hasItems("grantId"));
    }
}
