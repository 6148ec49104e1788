package io.edgestorage.common.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.restassured.RestAssured;

/**
 * What every service promises operators: probes and metrics on the internal listener only, request ids, an
 * internal API that the public port does not serve and the internal one serves only to known callers, and plain
 * HTTP/1.1 answers to h2c offers. Each service runs it as {@code @QuarkusTest class ServiceBasicsTest extends
 * ServiceBasicsContract {}} (this class ships in service-common's test jar).
 */
public abstract class ServiceBasicsContract {

    /** The media type of the public port's 404 (problem+json unless the public protocol is another). */
    protected String publicRefusalMediaType() {
        return "application/problem+json";
    }

    @Test
    void liveAndReadyProbes_reportUp_onTheInternalListener() {
        InternalApi.anonymous().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        InternalApi.anonymous().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void metrics_areExposedInPrometheusFormat_onTheInternalListener() {
        InternalApi.anonymous().when().get("/q/health/live").then().statusCode(200);
        InternalApi.anonymous().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("http_server_requests_seconds"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/q/health", "/q/health/live", "/q/health/ready", "/q/metrics", "/q/openapi",
            "/internal/v1/anything", "/internal/v1/keys", "/internal/v1/buckets", "/%71/metrics",
            "/%69nternal/v1/keys", "//q/metrics", "/x/../q/metrics", "/q/metrics/"})
    void thePublicPort_answersInternalAndManagementPaths_with404_neverTheirContent(String path) {
        given().urlEncodingEnabled(false).when().get(path).then().statusCode(404)
                .contentType(publicRefusalMediaType())
                .body(not(containsString("UP")), not(containsString("http_server_requests")));
    }

    @Test
    void thePublicPort_refusesTheInternalApi_evenWithAValidCredential() {
        for (var caller : io.edgestorage.common.internal.InternalCaller.values()) {
            given().header("X-Edge-Internal-Token", InternalApi.token(caller)).when().get("/internal/v1/keys")
                    .then().statusCode(404).contentType(publicRefusalMediaType());
        }
    }

    @Test
    void theInternalListener_servesNothingButInternalAndManagementPaths() {
        InternalApi.anonymous().when().get("/api/storage/buckets").then().statusCode(404)
                .contentType("application/problem+json");
        InternalApi.anonymous().when().get("/a-bucket/a-key").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void everyResponse_carriesARequestId_andEchoesTheCallersOne() {
        InternalApi.anonymous().when().get("/q/health/live").then().header("X-Request-Id", notNullValue());
        InternalApi.anonymous().header("X-Request-Id", "trace-me-42").when().get("/q/health/live").then()
                .header("X-Request-Id", equalTo("trace-me-42"));
        given().header("X-Request-Id", "trace-me-43").when().get("/q/health/live").then()
                .header("X-Request-Id", equalTo("trace-me-43"));
    }

    @Test
    void internalApi_withoutAKnownCredential_isRefusedAsProblemJson() {
        InternalApi.anonymous().when().get("/internal/v1/anything").then().statusCode(401)
                .contentType("application/problem+json")
                .body("code", equalTo("internal-credential-required"));
        InternalApi.anonymous().header("X-Edge-Internal-Token", "not-a-credential-of-any-caller-0123456789")
                .when().get("/internal/v1/anything").then().statusCode(401)
                .body("code", equalTo("internal-credential-required"));
    }

    @Test
    void aCleartextHttp2UpgradeOffer_withABody_isAnsweredOverHttp11() throws Exception {
        // java.net.http offers h2c by default; Vert.x would fail the upgraded request carrying a body.
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        for (int port : new int[] {RestAssured.port, InternalApi.port()}) {
            URI uri = URI.create("http://localhost:" + port + "/internal/v1/anything");
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"x\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(port == RestAssured.port ? 404 : 401, response.statusCode());
            assertEquals(HttpClient.Version.HTTP_1_1, response.version());
        }
    }
}
