package io.edgestorage.gateway.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.edgestorage.common.testing.InternalApi;
import io.edgestorage.gateway.support.FakeServices;
import io.edgestorage.gateway.support.Tokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Revocation through {@code storage.key-events} on the real Kafka broker: a revoked API token is refused
 * long before its cached principal would expire (30 s), and cached principals are not trusted while the
 * stream is silent.
 */
@QuarkusTest
@WithTestResource(value = FakeServices.class, scope = TestResourceScope.GLOBAL)
class TokenRevocationTest {

    private static int listKeys(String token) {
        return given().auth().oauth2(token).when().get("/api/storage/keys").then().extract().statusCode();
    }

    /** Calls until the token's principal is answered from the cache (no introspection for a call). */
    private static void awaitCached(String token) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            assertThat(listKeys(token)).isEqualTo(200);
            int before = FakeServices.INTROSPECTIONS.get();
            assertThat(listKeys(token)).isEqualTo(200);
            return FakeServices.INTROSPECTIONS.get() == before;
        });
    }

    @Test
    void aRevokedToken_isRefusedAtOnce_notAfterTheCacheLifetime() {
        FakeServices.awaitGatewayHearsKeyEvents();
        String token = Tokens.platformToken(Tokens.newAccount(), Tokens.ALL_SCOPES);
        String sibling = Tokens.platformToken(Tokens.newAccount(), Tokens.ALL_SCOPES);
        awaitCached(token);
        awaitCached(sibling);

        FakeServices.revoke(token);
        // The event is on the topic; the gateway needs only to read it (milliseconds), far less than the TTL.
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> listKeys(token) == 401);
        given().auth().oauth2(token).when().get("/api/storage/keys").then().statusCode(401)
                .header("WWW-Authenticate", startsWith("Bearer")).body("code", equalTo("unauthorized"));
        // Only that token: another one stays cached.
        int before = FakeServices.INTROSPECTIONS.get();
        assertThat(listKeys(sibling)).isEqualTo(200);
        assertThat(FakeServices.INTROSPECTIONS.get()).isEqualTo(before);
    }

    @Test
    void afterMaxSilence_aCachedPrincipalIsNotTrusted_untilTheStreamSpeaksAgain() {
        FakeServices.awaitGatewayHearsKeyEvents();
        String token = Tokens.platformToken(Tokens.newAccount(), Tokens.ALL_SCOPES);
        awaitCached(token);
        FakeServices.HEARTBEATS.set(false);
        try {
            // edge.keys.max-silence is 10 s: then every call is introspected again.
            Awaitility.await().atMost(Duration.ofSeconds(40)).until(() -> InternalApi.anonymous().get("/q/metrics").asString()
                    .contains("edge_gateway_key_events_heard 0.0"));
            int before = FakeServices.INTROSPECTIONS.get();
            assertThat(listKeys(token)).isEqualTo(200);
            assertThat(listKeys(token)).isEqualTo(200);
            assertThat(FakeServices.INTROSPECTIONS.get() - before).isEqualTo(2);
        } finally {
            FakeServices.HEARTBEATS.set(true);
        }
        FakeServices.awaitGatewayHearsKeyEvents();
        awaitCached(token);
    }
}
