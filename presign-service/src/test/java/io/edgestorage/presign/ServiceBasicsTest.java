package io.edgestorage.presign;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** What every service promises operators: probes, metrics, request ids and a closed internal API. */
@QuarkusTest
class ServiceBasicsTest {

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
}
