package io.edgestorage.common.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class KeyEventOriginTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void keyServiceEvents_andEventsWithoutASource_areKeyServiceLife() throws Exception {
        assertThat(KeyEventOrigin.isFromAnotherService(json.readTree(
                "{\"type\":\"storage.keys.heartbeat\",\"source\":\"/edge-storage/key-service\"}"))).isFalse();
        assertThat(KeyEventOrigin.isFromAnotherService(json.readTree("{\"type\":\"storage.key.revoked\"}"))).isFalse();
        assertThat(KeyEventOrigin.isFromAnotherService(null)).isFalse();
    }

    @Test
    void objectServiceEvents_areAnotherServices() throws Exception {
        assertThat(KeyEventOrigin.isFromAnotherService(json.readTree(
                "{\"type\":\"storage.grants.heartbeat\",\"source\":\"/edge-storage/object-service\"}"))).isTrue();
    }
}
