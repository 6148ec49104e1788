package io.edgestorage.objects.grants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.edgestorage.common.grants.GrantPolicy;
import io.edgestorage.common.internal.InternalCaller;
import io.edgestorage.common.testing.InternalApi;
import io.edgestorage.objects.support.FakeKeyService;
import io.edgestorage.objects.support.S3Clients;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/**
 * The grants half of the internal API: presign-service records, the gateway lists, reads and revokes for one
 * account, and object revocations of a bucket.
 */
@QuarkusTest
@QuarkusTestResource(FakeKeyService.class)
class InternalGrantApiTest {

    @Inject
    Grants grants;

    static RequestSpecification gateway(String account) {
        return InternalApi.as(InternalCaller.API_GATEWAY).header("X-Edge-Account", account);
    }

    static RequestSpecification presign() {
        return InternalApi.as(InternalCaller.PRESIGN_SERVICE);
    }

    static String issued(String id, String account, String bucket, String key, String method, Instant created,
            Instant expires, String limits) {
        return "{\"grantId\":\"" + id + "\",\"account\":\"" + account + "\",\"bucket\":\"" + bucket + "\",\"key\":\""
                + key + "\",\"method\":\"" + method + "\",\"keyId\":\"AKIAGRANTS\",\"createdAt\":\"" + created
                + "\",\"expires\":\"" + expires + "\"" + (limits.isEmpty() ? "" : "," + limits) + "}";
    }

    static void record(String... grants) {
        presign().contentType("application/json").body("{\"grants\":[" + String.join(",", grants) + "]}")
                .when().post("/internal/v1/grants").then().statusCode(204);
    }

    static void assertProblem(ValidatableResponse r, int status, String code) {
        r.statusCode(status).contentType("application/problem+json").body("code", equalTo(code));
    }

    @Test
    void aRecordedGrantIsReadByItsAccountOnly() {
        String id = GrantPolicy.newGrantId();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        record(issued(id, "acct-g1", "photos", "avatars/42.png", "PUT", now, now.plusSeconds(3600),
                "\"maxBytes\":5242880,\"contentTypes\":[\"image/*\"],\"overwrite\":false,\"uses\":1,"
                        + "\"context\":{\"userId\":\"42\"}"));
        gateway("acct-g1").when().get("/internal/v1/grants/" + id).then().statusCode(200)
                .body("grantId", equalTo(id)).body("bucket", equalTo("photos")).body("key", equalTo("avatars/42.png"))
                .body("method", equalTo("PUT")).body("uses", equalTo(1)).body("used", equalTo(0))
                .body("lastUsedAt", nullValue()).body("revokedAt", nullValue()).body("keyId", equalTo("AKIAGRANTS"))
                .body("context.userId", equalTo("42")).body("state", equalTo("active"))
                .body("maxBytes", equalTo(5242880)).body("contentTypes[0]", equalTo("image/*"))
                .body("overwrite", equalTo(false)).body("createdAt", equalTo(now.toString()))
                .body("expires", equalTo(now.plusSeconds(3600).toString()));
        assertProblem(gateway("acct-other").when().get("/internal/v1/grants/" + id).then(), 404, "no-such-grant");
        assertProblem(gateway("acct-other").when().delete("/internal/v1/grants/" + id).then(), 404, "no-such-grant");
    }

    @Test
    void revokingMarksTheGrantAndTheReplicaRefusesIt() {
        String id = GrantPolicy.newGrantId();
        Instant now = Instant.now();
        record(issued(id, "acct-g2", "docs", "invoice.pdf", "GET", now, now.plusSeconds(600), ""));
        assertThat(grants.isRevoked(id)).isFalse();
        gateway("acct-g2").when().delete("/internal/v1/grants/" + id).then().statusCode(204);
        assertThat(grants.isRevoked(id)).isTrue();
        gateway("acct-g2").when().delete("/internal/v1/grants/" + id).then().statusCode(204);
        gateway("acct-g2").when().get("/internal/v1/grants/" + id).then().statusCode(200)
                .body("state", equalTo("revoked"));
    }

    @Test
    void listingFiltersByObjectAndStateAndPagesNewestFirst() {
        String account = "acct-g3-" + System.nanoTime();
        Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(100);
        List<String> ids = new ArrayList<>();
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String id = GrantPolicy.newGrantId();
            ids.add(id);
            rows.add(issued(id, account, "shop", "items/" + i + ".jpg", "GET", t.plusSeconds(i), t.plusSeconds(3600), ""));
        }
        String expired = GrantPolicy.newGrantId();
        rows.add(issued(expired, account, "shop", "old.jpg", "GET", t.minusSeconds(10), t.minusSeconds(5), ""));
        record(rows.toArray(new String[0]));
        gateway(account).when().delete("/internal/v1/grants/" + ids.get(0)).then().statusCode(204);

        gateway(account).when().get("/internal/v1/grants").then().statusCode(200).body("grants", hasSize(6))
                .body("grants[0].grantId", equalTo(ids.get(4))).body("nextCursor", nullValue());
        gateway(account).queryParam("state", "active").when().get("/internal/v1/grants").then()
                .body("grants", hasSize(4));
        gateway(account).queryParam("state", "revoked").when().get("/internal/v1/grants").then()
                .body("grants", hasSize(1)).body("grants[0].grantId", equalTo(ids.get(0)));
        gateway(account).queryParam("state", "expired").when().get("/internal/v1/grants").then()
                .body("grants", hasSize(1)).body("grants[0].grantId", equalTo(expired));
        gateway(account).queryParam("key", "items/3.jpg").when().get("/internal/v1/grants").then()
                .body("grants", hasSize(1)).body("grants[0].grantId", equalTo(ids.get(3)));
        gateway(account).queryParam("prefix", "items/").queryParam("bucket", "shop").when().get("/internal/v1/grants")
                .then().body("grants", hasSize(5));
        gateway(account).queryParam("prefix", "items_").when().get("/internal/v1/grants").then()
                .body("grants", hasSize(0));

        String cursor = gateway(account).queryParam("limit", 4).when().get("/internal/v1/grants").then()
                .statusCode(200).body("grants", hasSize(4)).extract().path("nextCursor");
        gateway(account).queryParam("limit", 4).queryParam("cursor", cursor).when().get("/internal/v1/grants").then()
                .body("grants", hasSize(2)).body("grants[0].grantId", equalTo(ids.get(0)))
                .body("nextCursor", nullValue());
    }

    @ParameterizedTest
    @ValueSource(strings = {"state=gone", "cursor=bm9wZQ", "cursor=%25%25", "limit=0", "limit=1001", "limit=x",
            "key=a&prefix=b"})
    void badListingParametersAreProblems(String query) {
        String code = query.startsWith("state") ? "invalid-state" : query.startsWith("cursor") ? "invalid-cursor"
                : query.startsWith("limit") ? "invalid-limit" : "key-and-prefix";
        assertProblem(gateway("acct-g4").urlEncodingEnabled(false).when().get("/internal/v1/grants?" + query).then(),
                400, code);
    }

    @Test
    void aMalformedGrantIdIsAbsent() {
        assertProblem(gateway("acct-g4").when().get("/internal/v1/grants/nope").then(), 404, "no-such-grant");
        assertProblem(gateway("acct-g4").when().delete("/internal/v1/grants/gr_" + "A".repeat(26)).then(), 404,
                "no-such-grant");
    }

    @Test
    void onlyPresignServiceRecordsAndOnlyWithWholeGrants() {
        Instant now = Instant.now();
        InternalApi.as(InternalCaller.API_GATEWAY).contentType("application/json")
                .body("{\"grants\":[" + issued(GrantPolicy.newGrantId(), "a", "b", "k", "GET", now, now, "") + "]}")
                .when().post("/internal/v1/grants").then().statusCode(403);
        assertProblem(presign().contentType("application/json").body("{\"grants\":[]}")
                .when().post("/internal/v1/grants").then(), 400, "grants-required");
        assertProblem(presign().contentType("application/json")
                .body("{\"grants\":[" + issued("gr_short", "a", "b", "k", "GET", now, now, "") + "]}")
                .when().post("/internal/v1/grants").then(), 400, "invalid-grant");
        assertProblem(presign().contentType("application/json")
                .body("{\"grants\":[" + issued(GrantPolicy.newGrantId(), "a", "b", "k", "DELETE", now, now, "") + "]}")
                .when().post("/internal/v1/grants").then(), 400, "invalid-grant");
    }

    @Test
    void anObjectRevocationIsTheBucketOwnersAndRefusesOlderUrls() {
        String account = "acct-g5";
        String bucket = S3Clients.bucketName("revoke");
        gateway(account).contentType("application/json").body("{\"name\":\"" + bucket + "\"}")
                .when().post("/internal/v1/buckets").then().statusCode(201);
        Instant before = Instant.now().minusSeconds(1);
        String id = gateway(account).contentType("application/json").body("{\"key\":\"leak.pdf\"}")
                .when().post("/internal/v1/buckets/" + bucket + "/revocations").then().statusCode(201)
                .body("bucket", equalTo(bucket)).body("key", equalTo("leak.pdf")).body("prefix", nullValue())
                .extract().path("id");
        gateway(account).contentType("application/json").body("{\"prefix\":\"private/\"}")
                .when().post("/internal/v1/buckets/" + bucket + "/revocations").then().statusCode(201)
                .body("prefix", equalTo("private/"));
        gateway(account).when().get("/internal/v1/buckets/" + bucket + "/revocations").then().statusCode(200)
                .body("", hasSize(2)).body("[1].id", equalTo(id));
        assertThat(grants.objectRevocations().refusing(bucket, "leak.pdf", before)).isNotNull();
        assertThat(grants.objectRevocations().refusing(bucket, "private/x", before)).isNotNull();
        assertThat(grants.objectRevocations().refusing(bucket, "public/x", before)).isNull();

        assertProblem(gateway("acct-other").contentType("application/json").body("{\"key\":\"leak.pdf\"}")
                .when().post("/internal/v1/buckets/" + bucket + "/revocations").then(), 404, "no-such-bucket");
        assertProblem(gateway("acct-other").when().get("/internal/v1/buckets/" + bucket + "/revocations").then(), 404,
                "no-such-bucket");
        for (String body : List.of("{}", "{\"key\":\"a\",\"prefix\":\"b\"}", "{\"key\":\"\"}")) {
            gateway(account).contentType("application/json").body(body)
                    .when().post("/internal/v1/buckets/" + bucket + "/revocations").then().statusCode(400)
                    .contentType("application/problem+json");
        }
        assertProblem(gateway(account).contentType("application/json").body("{\"prefix\":\"" + "p".repeat(1025) + "\"}")
                .when().post("/internal/v1/buckets/" + bucket + "/revocations").then(), 400, "invalid-prefix");
    }
}
