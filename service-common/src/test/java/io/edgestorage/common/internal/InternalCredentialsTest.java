package io.edgestorage.common.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class InternalCredentialsTest {

    private static final String GATEWAY = "gateway-credential-0123456789abcdefghijklmnop";
    private static final String OBJECTS = "objects-credential-0123456789abcdefghijklmnop";
    private static final String PRESIGN = "presign-credential-0123456789abcdefghijklmnop";

    private static Map<String, String> keyServiceCredentials() {
        Map<String, String> values = new HashMap<>();
        values.put("edge.internal.callers.api-gateway.token", GATEWAY);
        values.put("edge.internal.callers.object-service.token", OBJECTS);
        values.put("edge.internal.callers.presign-service.token", PRESIGN);
        return values;
    }

    @Test
    void withoutConfiguredCredentials_noServiceStarts() {
        for (String service : new String[] {"key-service", "object-service", "presign-service", "api-gateway"}) {
            assertThatThrownBy(() -> new InternalCredentials(service, Map.of()))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("is required");
        }
    }

    @Test
    void aServiceNeedsTheCredentialOfEveryCallerItAccepts_andItsOwn() {
        assertThat(InternalCredentials.problems("key-service", Map.of("edge.internal.callers.api-gateway.token",
                GATEWAY))).containsExactlyInAnyOrder(
                        "edge.internal.callers.presign-service.token is required (EDGE_INTERNAL_TOKEN_PRESIGN_SERVICE)",
                        "edge.internal.callers.object-service.token is required (EDGE_INTERNAL_TOKEN_OBJECT_SERVICE)");
        // object-service accepts the gateway and presign-service and sends its own
        assertThat(InternalCredentials.problems("object-service", Map.of(
                "edge.internal.callers.api-gateway.token", GATEWAY,
                "edge.internal.callers.presign-service.token", PRESIGN)))
                .containsExactly("edge.internal.callers.object-service.token is required (EDGE_INTERNAL_TOKEN_OBJECT_SERVICE)");
        // the gateway accepts nobody and sends its own
        assertThat(InternalCredentials.problems("api-gateway", Map.of("edge.internal.callers.api-gateway.token",
                GATEWAY))).isEmpty();
        // the operator's credential is optional: without it, nobody calls maintenance routes
        assertThat(InternalCredentials.problems("key-service", keyServiceCredentials())).isEmpty();
    }

    @Test
    void aShortCredential_isRefused() {
        Map<String, String> values = keyServiceCredentials();
        values.put("edge.internal.callers.api-gateway.token-previous", "short");
        values.put("edge.internal.callers.operator.token", "local-dev-internal-token");
        assertThat(InternalCredentials.problems("key-service", values)).containsExactlyInAnyOrder(
                "edge.internal.callers.api-gateway.token-previous is shorter than 32 characters",
                "edge.internal.callers.operator.token is shorter than 32 characters");
    }

    @Test
    void eachCredential_identifiesItsCaller_andNothingElseDoes() {
        var credentials = new InternalCredentials("key-service", keyServiceCredentials());
        assertThat(credentials.identify(GATEWAY)).contains(InternalCaller.API_GATEWAY);
        assertThat(credentials.identify(OBJECTS)).contains(InternalCaller.OBJECT_SERVICE);
        assertThat(credentials.identify(PRESIGN)).contains(InternalCaller.PRESIGN_SERVICE);
        assertThat(credentials.identify(GATEWAY + "x")).isEmpty();
        assertThat(credentials.identify(GATEWAY.substring(1))).isEmpty();
        assertThat(credentials.identify("")).isEmpty();
        assertThat(credentials.identify(null)).isEmpty();
    }

    @Test
    void duringACredentialChange_thePreviousOneIdentifiesTheSameCaller() {
        Map<String, String> values = keyServiceCredentials();
        String next = "gateway-next-credential-0123456789abcdefghijklm";
        values.put("edge.internal.callers.api-gateway.token", next);
        values.put("edge.internal.callers.api-gateway.token-previous", GATEWAY);
        var credentials = new InternalCredentials("key-service", values);
        assertThat(credentials.identify(next)).contains(InternalCaller.API_GATEWAY);
        assertThat(credentials.identify(GATEWAY)).contains(InternalCaller.API_GATEWAY);
    }

    @Test
    void aServiceIgnoresCredentialsOfCallersThatMayNotCallIt() {
        Map<String, String> values = new HashMap<>(Map.of("edge.internal.callers.api-gateway.token", GATEWAY,
                "edge.internal.callers.object-service.token", OBJECTS));
        // presign-service accepts only the gateway; the other services' credentials mean nothing to it
        values.put("edge.internal.callers.presign-service.token", PRESIGN);
        var credentials = new InternalCredentials("presign-service", values);
        assertThat(credentials.identify(GATEWAY)).contains(InternalCaller.API_GATEWAY);
        assertThat(credentials.identify(OBJECTS)).isEmpty();
        assertThat(credentials.identify(PRESIGN)).isEmpty();
    }
}
