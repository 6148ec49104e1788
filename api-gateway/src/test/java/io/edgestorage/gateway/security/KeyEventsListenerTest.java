package io.edgestorage.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.oidc.TokenIntrospection;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;

class KeyEventsListenerTest {

    private final AtomicLong nanos = new AtomicLong();
    private final PrincipalCache cache = new PrincipalCache(Duration.ofMinutes(1), 100,
            new KeyEventStream(Duration.ofSeconds(10), nanos::get));
    private final KeyEventsListener listener = new KeyEventsListener(cache, new ObjectMapper());

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private void remember(String token, String tokenId) {
        SecurityIdentity identity = QuarkusSecurityIdentity.builder().setPrincipal((Principal) () -> "acct")
                .addAttribute(EdgePrincipal.INTROSPECTION_ATTRIBUTE, new TokenIntrospection(
                        "{\"active\":true,\"sub\":\"acct\",\"scope\":\"storage:keys\",\"client_id\":\"" + tokenId + "\"}"))
                .build();
        cache.remember(token, identity, EdgePrincipal.from(identity, "account"));
    }

    @Test
    void anyRecord_makesTheStreamHeard_andATokenRevocationDropsThatToken() {
        listener.onEvent(bytes("{\"type\":\"storage.keys.heartbeat\",\"subject\":\"heartbeat\"}"));
        remember("edge_one-0123456789abcdefghij", "tok_one");
        remember("edge_two-0123456789abcdefghij", "tok_two");

        listener.onEvent(bytes("{\"type\":\"storage.token.revoked\",\"subject\":\"tok_one\",\"data\":{\"tokenId\":\"tok_one\"}}"));
        assertThat(cache.get("edge_one-0123456789abcdefghij")).isNull();
        assertThat(cache.get("edge_two-0123456789abcdefghij")).isNotNull();
    }

    @Test
    void accessKeyEvents_unknownTypes_andRecordsThatAreNotJson_dropNothing() {
        listener.onEvent(null);
        remember("edge_three-0123456789abcdefghi", "tok_three");
        for (String other : new String[] {
                "{\"type\":\"storage.key.revoked\",\"subject\":\"tok_three\",\"data\":{\"accessKeyId\":\"tok_three\"}}",
                "{\"type\":\"storage.something.new\",\"subject\":\"tok_three\"}",
                "{\"type\":\"storage.token.revoked\"}", "not json", "null", ""}) {
            listener.onEvent(bytes(other));
        }
        assertThat(cache.get("edge_three-0123456789abcdefghi")).isNotNull();
    }

    @Test
    void objectServicesGrantEvents_areNoSignOfKeyServicesLife() {
        listener.onEvent(bytes("{\"type\":\"storage.grants.heartbeat\",\"source\":\"/edge-storage/object-service\"}"));
        remember("edge_four-0123456789abcdefghij", "tok_four");
        assertThat(cache.get("edge_four-0123456789abcdefghij")).isNull();

        listener.onEvent(bytes("{\"type\":\"storage.keys.heartbeat\",\"source\":\"/edge-storage/key-service\"}"));
        remember("edge_four-0123456789abcdefghij", "tok_four");
        assertThat(cache.get("edge_four-0123456789abcdefghij")).isNotNull();
    }
}
