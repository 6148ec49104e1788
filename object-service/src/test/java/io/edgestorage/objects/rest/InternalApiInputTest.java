package io.edgestorage.objects.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.Collections;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.edgestorage.objects.support.FakeKeyService;
import io.edgestorage.objects.support.S3Clients;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/**
 * Bad input to the gateway's bucket API is a 4xx problem+json, never a 500: the gateway's circuit breaker
 * counts 5xx answers, so one tenant's bad request would make the Edge API unavailable for all.
 */
@QuarkusTest
@QuarkusTestResource(FakeKeyService.class)
class InternalApiInputTest {

    static final String ACCOUNT = "acct-input";
    static final String RULE = "{\"allowedOrigins\":[\"https://app.example\"],\"allowedMethods\":[\"GET\"]}";
    static String bucket;

    @BeforeEach
    void bucketWithCorsRules() {
        if (bucket == null) {
            bucket = S3Clients.bucketName("input");
            api().contentType("application/json").body("{\"name\":\"" + bucket + "\"}")
                    .when().post("/internal/v1/buckets").then().statusCode(201);
            api().contentType("application/json").body("{\"rules\":[" + RULE + "]}")
                    .when().put("/internal/v1/buckets/" + bucket + "/cors").then().statusCode(200);
        }
    }

    static RequestSpecification api() {
        return given().header("X-Edge-Internal-Token", "local-dev-internal-token").header("X-Edge-Account", ACCOUNT);
    }

    static void assertProblem(ValidatableResponse r, int status, String code) {
        r.statusCode(status).contentType("application/problem+json").body("code", equalTo(code));
    }

    ValidatableResponse putCors(String body) {
        return api().contentType("application/json").body(body).when().put("/internal/v1/buckets/" + bucket + "/cors").then();
    }

    @Test
    void wronglyShapedBucketCreation_is400() {
        assertProblem(api().contentType("application/json").body("{\"name\":{}}").when().post("/internal/v1/buckets").then(),
                400, "malformed-json");
        assertProblem(api().contentType("application/json").body("{\"name\":\"zz\\u0000\"}").when().post("/internal/v1/buckets")
                .then(), 400, "invalid-bucket-name");
        assertProblem(api().contentType("application/json").body("null").when().post("/internal/v1/buckets").then(),
                400, "invalid-bucket-name");
    }

    /** Names no bucket can have (PostgreSQL text cannot even hold U+0000): 404 before any statement. */
    @ParameterizedTest
    @ValueSource(strings = {"zz%00", "zz%01", "ab%0D%0Acd", "Upper-Case", "a"})
    void invalidBucketName_isNoSuchBucket_onEveryCall(String rawName) {
        String path = "/internal/v1/buckets/" + rawName;
        assertProblem(api().urlEncodingEnabled(false).when().get(path).then(), 404, "no-such-bucket");
        assertProblem(api().urlEncodingEnabled(false).when().delete(path).then(), 404, "no-such-bucket");
        assertProblem(api().urlEncodingEnabled(false).when().get(path + "/cors").then(), 404, "no-such-bucket");
        assertProblem(api().urlEncodingEnabled(false).when().delete(path + "/cors").then(), 404, "no-such-bucket");
        assertProblem(api().urlEncodingEnabled(false).contentType("application/json").body("{\"rules\":[" + RULE + "]}")
                .when().put(path + "/cors").then(), 404, "no-such-bucket");
    }
}
