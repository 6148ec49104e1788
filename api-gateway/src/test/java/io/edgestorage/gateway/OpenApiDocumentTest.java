package io.edgestorage.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.edgestorage.gateway.support.FakeServices;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The committed Edge API document (META-INF/openapi.yaml, served at /openapi on the public port) and the gateway's route
 * table must describe the same operations with the same scopes: this fails when either drifts.
 */
@QuarkusTest
@WithTestResource(value = FakeServices.class, scope = TestResourceScope.GLOBAL)
class OpenApiDocumentTest {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    @Test
    @SuppressWarnings("unchecked")
    void servedDocument_listsExactlyTheGatewaysRoutes_withTheirScopes() {
        JsonPath doc = given().accept("application/json").when().get("/openapi?format=json").then()
                .statusCode(200).extract().jsonPath();
        Map<String, Map<String, Object>> paths = doc.getMap("paths");
        Map<String, String> documented = new HashMap<>();
        paths.forEach((path, operations) -> operations.forEach((method, operation) -> {
            if (METHODS.contains(method)) {
                documented.put(method.toUpperCase(Locale.ROOT) + " " + path,
                        String.valueOf(((Map<String, Object>) operation).get("x-edge-scope")));
            }
        }));
        Map<String, String> routed = new HashMap<>();
        RouteTable.ROUTES.forEach(r -> routed.put(r.method() + " " + r.publicPath(), r.scope()));

        assertThat(documented).containsExactlyInAnyOrderEntriesOf(routed);
    }

    @Test
    void servedDocument_isTheEdgeApi() {
        given().when().get("/openapi?format=json").then().statusCode(200)
                .body("info.title", org.hamcrest.Matchers.equalTo("Edge Storage Edge API"))
                .body("components.securitySchemes.bearer.scheme", org.hamcrest.Matchers.equalTo("bearer"));
    }
}
