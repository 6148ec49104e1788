package io.edgestorage.presign.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.edgestorage.common.internal.InternalCaller;
import io.edgestorage.common.testing.InternalApi;
import io.edgestorage.presign.support.FakeUpstreams;
import io.edgestorage.presign.support.FakeUpstreams.GrantAnswer;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.json.JsonObject;

/**
 * Every URL presign-service answers is a grant object-service has already recorded; one it could not record is
 * a 503 and no URL. object-service is {@link FakeUpstreams}' double of {@code POST /internal/v1/grants}.
 */
@QuarkusTest
@WithTestResource(value = FakeUpstreams.class, scope = TestResourceScope.GLOBAL)
class GrantRecordingTest {

    private String account;
    private String accessKeyId;

    @BeforeEach
    void anAccountWithABucketAndAKey() {
        FakeUpstreams.FakeKey key = FakeUpstreams.newAccount("grants", "grantsTestSecret/0123456789abcdefghijklmn");
        account = key.account;
        accessKeyId = key.accessKeyId;
    }

    @AfterEach
    void objectServiceRecordsAgain() {
        FakeUpstreams.releaseHungGrants();
    }

    private RequestSpecification asAccount() {
        return InternalApi.as(InternalCaller.API_GATEWAY).header("X-Edge-Account", account)
                .contentType(ContentType.JSON);
    }

    private JsonPath presign(String body) {
        return asAccount().body(body).when().post("/internal/v1/buckets/grants/presign").then().statusCode(200)
                .extract().jsonPath();
    }

    private static JsonObject recorded(String grantId) {
        List<JsonObject> rows = FakeUpstreams.recordedGrants().stream()
                .filter(g -> grantId.equals(g.getString("grantId"))).toList();
        assertThat(rows).as("grant %s recorded exactly once", grantId).hasSize(1);
        return rows.get(0);
    }

    @Test
    void aGrantIsRecordedBeforeItsUrlIsAnswered_withEverythingItWasIssuedFor() {
        JsonPath answer = presign("{\"key\": \"avatars/42.png\", \"action\": \"upload\", \"expires\": \"15m\","
                + " \"maxBytes\": 5242880, \"contentTypes\": [\"image/*\", \"application/pdf\"], \"overwrite\": false,"
                + " \"uses\": 1, \"context\": {\"userId\": \"42\"}}");

        // No waiting: the answer came after object-service acknowledged the row.
        JsonObject row = recorded(answer.getString("grantId"));
        assertThat(row.getString("account")).isEqualTo(account);
        assertThat(row.getString("bucket")).isEqualTo("grants");
        assertThat(row.getString("key")).isEqualTo("avatars/42.png");
        assertThat(row.getString("method")).isEqualTo("PUT");
        assertThat(row.getString("keyId")).isEqualTo(accessKeyId).isEqualTo(answer.getString("keyId"));
        assertThat(row.getString("expires")).isEqualTo(answer.getString("expires"));
        Instant created = Instant.parse(row.getString("createdAt"));
        assertThat(Duration.between(created, Instant.parse(row.getString("expires")))).isEqualTo(Duration.ofMinutes(15));
        assertThat(row.getLong("maxBytes")).isEqualTo(5242880L);
        assertThat(row.getJsonArray("contentTypes").getList()).containsExactly("image/*", "application/pdf");
        assertThat(row.getBoolean("overwrite")).isFalse();
        assertThat(row.getLong("uses")).isEqualTo(1L);
        assertThat(row.getJsonObject("context").getMap()).isEqualTo(Map.of("userId", "42"));
    }

    @Test
    void anUnlimitedGrant_isRecordedWithoutLimits() {
        JsonPath answer = presign("{\"key\": \"report.pdf\"}");
        JsonObject row = recorded(answer.getString("grantId"));
        assertThat(row.getString("method")).isEqualTo("GET");
        assertThat(row.fieldNames()).doesNotContain("maxBytes", "contentTypes", "uses");
        assertThat(row.getBoolean("overwrite")).isTrue();
        assertThat(row.getJsonObject("context").isEmpty()).isTrue();
    }

    @Test
    void aFailedRecord_isA503Problem_andNoUrl() {
        FakeUpstreams.grantAnswer = GrantAnswer.FAIL;
        asAccount().body("{\"key\": \"k\"}").when().post("/internal/v1/buckets/grants/presign").then()
                .statusCode(503).contentType("application/problem+json").body("code", equalTo("upstream-unavailable"))
                .body("$", not(hasKey("url")));
    }

    @Test
    void aBatchRefusedOnce_isSentAgain_andItsPresignAnswersWithTheGrantRecordedOnce() {
        FakeUpstreams.grantAnswer = GrantAnswer.FAIL_ONCE;
        JsonPath answer = presign("{\"key\": \"retried.bin\"}");
        assertThat(FakeUpstreams.grantAnswer).as("the refused attempt reached object-service").isEqualTo(GrantAnswer.RECORD);
        assertThat(recorded(answer.getString("grantId")).getString("key")).isEqualTo("retried.bin");
    }

    @Test
    void aRecordNeverAcknowledged_isA503Problem_afterTheRecordTimeout() {
        FakeUpstreams.grantAnswer = GrantAnswer.HANG;
        int before = FakeUpstreams.GRANT_BATCHES.size();
        asAccount().body("{\"key\": \"k\"}").when().post("/internal/v1/buckets/grants/presign").then()
                .statusCode(503).contentType("application/problem+json").body("code", equalTo("upstream-unavailable"))
                .body("$", not(hasKey("url")));
        assertThat(FakeUpstreams.GRANT_BATCHES).hasSize(before);
    }
}
