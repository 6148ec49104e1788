package io.edgestorage.keys.messaging;

import static io.edgestorage.keys.Api.as;
import static io.edgestorage.keys.Api.createKey;
import static io.edgestorage.keys.Api.newAccount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.edgestorage.keys.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Rotate and revoke wait for their event to reach Kafka, but only up to publish-wait: with the broker
 * unreachable they still answer, the change is committed and its event waits in the outbox.
 */
@QuarkusTest
@TestProfile(PublishWaitTest.DeadBroker.class)
class PublishWaitTest {

    public static class DeadBroker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kafka.bootstrap.servers", "127.0.0.1:1",
                    "edge.keys.events.publish-wait", "1s",
                    "quarkus.kafka.health.enabled", "false");
        }
    }

    @Test
    void withTheBrokerUnreachable_rotateAndRevokeStillAnswer_afterPublishWait_andTheEventWaits() {
        String account = newAccount();
        Api.Key key = createKey(account, "waits");

        long started = System.nanoTime();
        as(account).when().post("/internal/v1/keys/" + key.id() + "/rotate").then().statusCode(200);
        as(account).when().delete("/internal/v1/keys/" + key.id()).then().statusCode(204);
        long tookMs = (System.nanoTime() - started) / 1_000_000;

        // Each call waited its 1 s for the broker, then answered anyway.
        assertThat(tookMs).isGreaterThanOrEqualTo(2_000);
        assertThat(KeyEventsTest.unpublishedEvents(key.id(), "storage.key.rotated")).isEqualTo(1);
        assertThat(KeyEventsTest.unpublishedEvents(key.id(), "storage.key.revoked")).isEqualTo(1);
        // The change itself committed: the key is revoked whatever Kafka does.
        as(account).when().get("/internal/v1/keys").then().statusCode(200)
                .body("find { it.accessKeyId == '" + key.id() + "' }.status", equalTo("revoked"))
                .body("find { it.accessKeyId == '" + key.id() + "' }.keyVersion", equalTo(2));
    }
}
