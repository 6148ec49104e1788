package io.edgestorage.objects.internal;

import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import io.edgestorage.common.internal.InternalCaller;
import io.edgestorage.common.testing.InternalApi;
import io.edgestorage.objects.support.FakeKeyService;
import io.edgestorage.objects.support.S3Clients;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

/**
 * The internal bucket API answers the gateway (everything) and presign-service (the ownership check, nothing
 * else); object-service's own credential, which it sends to key-service, opens nothing here.
 */
@QuarkusTest
@QuarkusTestResource(FakeKeyService.class)
class InternalBucketAccessTest {

    private static final String ACCOUNT = "acct-access";

    private static RequestSpecification as(InternalCaller caller) {
        return InternalApi.as(caller).header("X-Edge-Account", ACCOUNT).contentType("application/json");
    }

    private static void forbidden(RequestSpecification request, String method, String path) {
        request.when().request(method, path).then().statusCode(403).contentType("application/problem+json")
                .body("code", equalTo("internal-route-forbidden"));
    }

    @Test
    void presignService_mayOnlyCheckOwnership() {
        String bucket = S3Clients.bucketName("access");
        as(InternalCaller.API_GATEWAY).body("{\"name\":\"" + bucket + "\"}").when().post("/internal/v1/buckets")
                .then().statusCode(201);
        as(InternalCaller.PRESIGN_SERVICE).when().get("/internal/v1/buckets/" + bucket).then().statusCode(200)
                .body("name", equalTo(bucket));
        forbidden(as(InternalCaller.PRESIGN_SERVICE), "GET", "/internal/v1/buckets");
        forbidden(as(InternalCaller.PRESIGN_SERVICE).body("{\"name\":\"other-bucket\"}"), "POST", "/internal/v1/buckets");
        forbidden(as(InternalCaller.PRESIGN_SERVICE), "DELETE", "/internal/v1/buckets/" + bucket);
        forbidden(as(InternalCaller.PRESIGN_SERVICE).body("{\"rules\":[]}"), "PUT",
                "/internal/v1/buckets/" + bucket + "/cors");
        as(InternalCaller.API_GATEWAY).when().get("/internal/v1/buckets/" + bucket).then().statusCode(200);
    }

    @Test
    void objectServicesOwnCredential_andTheOperators_openNothingHere() {
        for (InternalCaller caller : new InternalCaller[] {InternalCaller.OBJECT_SERVICE, InternalCaller.OPERATOR}) {
            InternalApi.anonymous().header("X-Edge-Internal-Token", InternalApi.token(caller))
                    .header("X-Edge-Account", ACCOUNT).when().get("/internal/v1/buckets").then().statusCode(401)
                    .body("code", equalTo("internal-credential-required"));
        }
    }
}
