package io.edgestorage.objects;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.edgestorage.objects.support.FakeKeyService;
import io.edgestorage.objects.support.S3Clients;
import io.edgestorage.objects.support.Signing;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;

/**
 * Access key ids key-service cannot have made ({@code AKIA} and 16 of {@code [A-Z0-9]}) are refused with
 * 403 InvalidAccessKeyId before any lookup: made-up ids cost no key-service call and no memory.
 */
@QuarkusTest
@QuarkusTestResource(FakeKeyService.class)
class AccessKeyShapeTest {

    static Stream<String> sigV4Ids() {
        return Stream.of("AKIASHORT", "akiatestaccounta0001", "ASIATESTACCOUNTA0001", "AKIATESTACCOUNTA00011",
                "AKIATESTACCOUNTA000_", "AKIA" + "A".repeat(2000));
    }

    @ParameterizedTest(name = "SigV4 {0}")
    @MethodSource("sigV4Ids")
    void sigV4_withAnIdOfTheWrongShape_isInvalidAccessKeyId_withoutAskingKeyService(String id) {
        String bucket = S3Clients.bucketWithObject(S3Clients.accountA(), "shape", "obj", "v");
        String url = Signing.presign("GET", bucket, "obj", Instant.now(), 60, id, "whatever", Map.of());
        assertInvalidAccessKeyId(RestAssured.given().urlEncodingEnabled(false).get(url));
        assertThat(FakeKeyService.lookups(id)).isZero();
    }

    @ParameterizedTest(name = "SigV2 {0}")
    @ValueSource(strings = {"AKIASHORT", "akiatestaccounta0001", "ASIATESTACCOUNTA0001", "AKIATESTACCOUNTA000_"})
    void sigV2_withAnIdOfTheWrongShape_isInvalidAccessKeyId_withoutAskingKeyService(String id) {
        String bucket = S3Clients.bucketWithObject(S3Clients.accountA(), "shape2", "obj", "v");
        String url = Signing.presignV2("GET", bucket, "obj", Instant.now().getEpochSecond() + 60, id, "whatever");
        assertInvalidAccessKeyId(RestAssured.given().urlEncodingEnabled(false).get(url));
        assertThat(FakeKeyService.lookups(id)).isZero();
    }

    @Test
    void aWellShapedUnknownId_isAskedOnce_thenRememberedForTheNegativeTtl() {
        String id = "AKIANOSUCHKEY0000042";
        String bucket = S3Clients.bucketWithObject(S3Clients.accountA(), "shape3", "obj", "v");
        for (int i = 0; i < 3; i++) {
            String url = Signing.presign("GET", bucket, "obj", Instant.now(), 60, id, "whatever", Map.of());
            assertInvalidAccessKeyId(RestAssured.given().urlEncodingEnabled(false).get(url));
        }
        assertThat(FakeKeyService.lookups(id)).isEqualTo(1);
    }

    private static void assertInvalidAccessKeyId(Response response) {
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.contentType()).startsWith("application/xml");
        assertThat(response.asString()).contains("<Code>InvalidAccessKeyId</Code>");
    }
}
