package io.edgestorage.keys;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** What every service promises operators: probes, metrics, request ids and a closed internal API. */
@QuarkusTest
class ServiceBasicsTest {

    @TestHTTPResource
    URI baseUri;

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
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(baseUri + "/internal/v1/keys"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"x\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
    }
}
