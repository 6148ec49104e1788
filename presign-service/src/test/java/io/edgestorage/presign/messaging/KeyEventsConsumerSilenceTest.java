package io.edgestorage.presign.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.edgestorage.common.internal.InternalCaller;
import io.edgestorage.common.testing.InternalApi;
import io.edgestorage.presign.support.FakeUpstreams;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * Tests run without key-service, so the key-event stream carries no heartbeat: with a short
 * {@code edge.keys.max-silence} it is silent, and a cached signing key must not be trusted beyond the
 * next silence check — a missed rotation cannot keep signing with the old key for the cache's lifetime.
 */
@QuarkusTest
@TestProfile(KeyEventsConsumerSilenceTest.ShortMaxSilence.class)
class KeyEventsConsumerSilenceTest {

    public static class ShortMaxSilence implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // The %test value in application.properties would win over an override of the plain name.
            return Map.of("%test.edge.keys.max-silence", "1s");
        }
    }

    @Test
    void whileTheStreamIsSilent_cachedKeysAreFetchedAgain() {
        String account = "acct-" + UUID.randomUUID();
        FakeUpstreams.giveBucket(account, "quiet-bucket");
        FakeUpstreams.giveKey(account, "AKIAQUIET" + UUID.randomUUID().toString().replace("-", "").substring(0, 11)
                .toUpperCase(), "secret");
        presign(account);
        int fetched = FakeUpstreams.PRESIGN_KEY_CALLS.get();

        Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(300)).until(() -> {
            presign(account);
            return FakeUpstreams.PRESIGN_KEY_CALLS.get() > fetched;
        });
        assertThat(FakeUpstreams.PRESIGN_KEY_CALLS.get()).isGreaterThan(fetched);
    }

    private static void presign(String account) {
        InternalApi.as(InternalCaller.API_GATEWAY).header("X-Edge-Account", account)
                .contentType(ContentType.JSON).body("{\"key\": \"doc.txt\"}")
                .when().post("/internal/v1/buckets/quiet-bucket/presign").then().statusCode(200);
    }
}
