package io.edgestorage.common.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import io.restassured.RestAssured;

/**
 * What every service promises operators: probes, metrics, request ids, a closed internal API and plain
 * HTTP/1.1 answers to h2c offers. Each service runs it as {@code @QuarkusTest class ServiceBasicsTest
 * extends ServiceBasicsContract {}} (this class ships in service-common's test jar).
 */
public abstract class ServiceBasicsContract {

    @Test
    void liveAndReadyProbes_reportUp() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void metrics_areExposedInPrometheusFormat() {
        given().when().get("/q/health/live").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("http_server_requests_seconds"));
    }

    @Test
    void everyResponse_carriesARequestId_andEchoesTheCallersOne() {
        given().when().get("/q/health/live").then().header("X-Request-Id", notNullValue());
        given().header("X-Request-Id", "trace-me-42").when().get("/q/health/live").then()
                .header("X-Request-Id", equalTo("trace-me-42"));
    }

    @Test
    void internalApi_withoutTheServiceCredential_isRefusedAsProblemJson() {
        given().when().get("/internal/v1/anything").then().statusCode(401)
                .contentType("application/problem+json")
                .body("code", equalTo("internal-credential-required"));
    }

    @Test
    void aCleartextHttp2UpgradeOffer_withABody_isAnsweredOverHttp11() throws Exception {
        // java.net.http offers h2c by default; Vert.x would fail the upgraded request carrying a body.
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        URI uri = URI.create("http://localhost:" + RestAssured.port + "/internal/v1/anything");
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri)
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"x\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, response.statusCode());
        assertEquals(HttpClient.Version.HTTP_1_1, response.version());
    }
}
