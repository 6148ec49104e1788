package io.edgestorage.objects.internal;

import static org.hamcrest.Matchers.equalTo;

import java.util.Collections;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.edgestorage.common.internal.InternalCaller;
import io.edgestorage.common.testing.InternalApi;
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
        return InternalApi.as(InternalCaller.API_GATEWAY).header("X-Edge-Account", ACCOUNT);
    }

    static void assertProblem(ValidatableResponse r, int status, String code) {
        r.statusCode(status).contentType("application/problem+json").body("code", equalTo(code));
    }

    ValidatableResponse putCors(String body) {
        return api().contentType("application/json").body(body).when().put("/internal/v1/buckets/" + bucket + "/cors").then();
    }

    static Stream<Arguments> invalidCorsConfigurations() {
        return Stream.of(
                Arguments.of("CR/LF in exposeHeaders", "{\"rules\":[{\"allowedOrigins\":[\"https://app.example\"],"
                        + "\"allowedMethods\":[\"GET\"],\"exposeHeaders\":[\"ETag\\r\\nX-Injected: 1\"]}]}"),
                Arguments.of("a control character in allowedHeaders", "{\"rules\":[{\"allowedOrigins\":[\"*\"],"
                        + "\"allowedMethods\":[\"GET\"],\"allowedHeaders\":[\"x-a\\u0001\"]}]}"),
                Arguments.of("LF in allowedOrigins", "{\"rules\":[{\"allowedOrigins\":[\"https://a\\nb\"],\"allowedMethods\":[\"GET\"]}]}"),
                Arguments.of("NUL in the id", "{\"rules\":[{\"id\":\"a\\u0000\",\"allowedOrigins\":[\"*\"],\"allowedMethods\":[\"GET\"]}]}"),
                Arguments.of("a null rule", "{\"rules\":[null]}"),
                Arguments.of("a null origin", "{\"rules\":[{\"allowedOrigins\":[null],\"allowedMethods\":[\"GET\"]}]}"),
                Arguments.of("a null method", "{\"rules\":[{\"allowedOrigins\":[\"*\"],\"allowedMethods\":[null]}]}"),
                Arguments.of("a null exposeHeader", "{\"rules\":[{\"allowedOrigins\":[\"*\"],\"allowedMethods\":[\"GET\"],"
                        + "\"exposeHeaders\":[null]}]}"),
                Arguments.of("no rules", "{\"rules\":[]}"),
                Arguments.of("rules null", "{\"rules\":null}"),
                Arguments.of("an empty object", "{}"),
                Arguments.of("101 rules", "{\"rules\":[" + String.join(",", Collections.nCopies(101, RULE)) + "]}"),
                Arguments.of("a negative maxAgeSeconds", "{\"rules\":[{\"allowedOrigins\":[\"*\"],\"allowedMethods\":[\"GET\"],"
                        + "\"maxAgeSeconds\":-1}]}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidCorsConfigurations")
    void invalidCorsConfiguration_is400_andLeavesTheStoredRules(String name, String body) {
        assertProblem(putCors(body), 400, "invalid-cors-configuration");
        api().when().get("/internal/v1/buckets/" + bucket + "/cors").then().statusCode(200)
                .body("rules[0].allowedOrigins[0]", equalTo("https://app.example"));
    }

    /** Codes from service-common's mappers: Quarkus' JSON reader answers a number out of range or cut-off JSON itself. */
    static Stream<Arguments> wronglyShapedJson() {
        String rule = "{\"allowedOrigins\":[\"*\"],\"allowedMethods\":[\"GET\"],\"maxAgeSeconds\":";
        return Stream.of(
                Arguments.of("maxAgeSeconds beyond an int", "{\"rules\":[" + rule + "99999999999}]}", "bad-request"),
                Arguments.of("maxAgeSeconds beyond a double", "{\"rules\":[" + rule + "1e999}]}", "bad-request"),
                Arguments.of("maxAgeSeconds a string", "{\"rules\":[" + rule + "\"ten\"}]}", "malformed-json"),
                Arguments.of("rules an object", "{\"rules\":{}}", "malformed-json"),
                Arguments.of("a rule a number", "{\"rules\":[1]}", "malformed-json"),
                Arguments.of("origins a string", "{\"rules\":[{\"allowedOrigins\":\"*\",\"allowedMethods\":[\"GET\"]}]}",
                        "malformed-json"),
                Arguments.of("origins holding an object", "{\"rules\":[{\"allowedOrigins\":[{}],\"allowedMethods\":[\"GET\"]}]}",
                        "malformed-json"),
                Arguments.of("an array", "[]", "malformed-json"),
                Arguments.of("not JSON", "{\"rules\":", "bad-request"),
                // A misspelt field is named, rather than read as a rule without origins
                Arguments.of("a misspelt field", "{\"rules\":[{\"allowedOrigin\":[\"*\"],\"allowedMethods\":[\"GET\"]}]}",
                        "unknown-field"),
                Arguments.of("S3's XML names", "{\"CORSRules\":[]}", "unknown-field"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wronglyShapedJson")
    void wronglyShapedJson_is400_problemJson(String name, String body, String code) {
        assertProblem(putCors(body), 400, code);
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
