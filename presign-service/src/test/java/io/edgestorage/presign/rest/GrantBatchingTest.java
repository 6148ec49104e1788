package io.edgestorage.presign.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.edgestorage.common.internal.InternalCaller;
import io.edgestorage.common.testing.InternalApi;
import io.edgestorage.presign.support.FakeUpstreams;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;

/**
 * Concurrent presigns share one record call. The window is made endless here, so only full batches leave:
 * which presigns share a call does not depend on timing.
 */
@QuarkusTest
@TestProfile(GrantBatchingTest.FullBatchesOnly.class)
@WithTestResource(value = FakeUpstreams.class, scope = TestResourceScope.GLOBAL)
class GrantBatchingTest {

    static final int BATCH = 5;

    public static class FullBatchesOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("edge.presign.grants.window", "1h", "edge.presign.grants.max-batch", "" + BATCH);
        }
    }

    @Test
    void concurrentPresigns_areRecordedByOneCallPerBatch_andEachAnswersOnceItsBatchIsAcknowledged() throws Exception {
        String account = FakeUpstreams.newAccount("batched", "batchingTestSecret/0123456789abcdefghijklm").account;
        ExecutorService clients = Executors.newFixedThreadPool(2 * BATCH);
        List<CompletableFuture<String>> grantIds = new ArrayList<>();
        for (int i = 0; i < 2 * BATCH; i++) {
            String key = "batched/" + i;
            grantIds.add(CompletableFuture.supplyAsync(() -> InternalApi.as(InternalCaller.API_GATEWAY)
                    .header("X-Edge-Account", account).contentType(ContentType.JSON).body("{\"key\": \"" + key + "\"}")
                    .when().post("/internal/v1/buckets/batched/presign").then().statusCode(200).extract()
                    .path("grantId"), clients));
        }
        List<String> answered = new ArrayList<>();
        for (CompletableFuture<String> id : grantIds) {
            answered.add(id.get(60, TimeUnit.SECONDS));
        }
        clients.shutdown();

        List<JsonObject> batches = FakeUpstreams.GRANT_BATCHES.stream()
                .filter(b -> b.getJsonArray("grants").getJsonObject(0).getString("account").equals(account)).toList();
        assertThat(batches).hasSize(2).allSatisfy(b -> assertThat(b.getJsonArray("grants")).hasSize(BATCH));
        assertThat(batches.stream().flatMap(b -> b.getJsonArray("grants").stream())
                .map(g -> ((JsonObject) g).getString("grantId"))).containsExactlyInAnyOrderElementsOf(answered);
    }
}
