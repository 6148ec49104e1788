package io.edgestorage.keys.rest;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.oneOf;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.edgestorage.common.internal.InternalCaller;
import io.edgestorage.common.testing.InternalApi;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Each caller's credential reaches its own routes of key-service and no other caller's: only the verifiers get
 * signing keys and SigV2 verdicts, only the gateway provisions accounts and manages keys and tokens.
 */
@QuarkusTest
class InternalCallerAccessTest {

    static Stream<Arguments> routes() {
        var gateway = InternalCaller.API_GATEWAY;
        var objects = InternalCaller.OBJECT_SERVICE;
        var presign = InternalCaller.PRESIGN_SERVICE;
        var operator = InternalCaller.OPERATOR;
        return Stream.of(
                // signing material: the verifiers only
                Arguments.of(gateway, "GET", "/internal/v1/signing-keys/AKIA0000000000000000", 403),
                Arguments.of(presign, "GET", "/internal/v1/signing-keys/AKIA0000000000000000", 403),
                Arguments.of(operator, "GET", "/internal/v1/signing-keys/AKIA0000000000000000", 403),
                Arguments.of(objects, "GET", "/internal/v1/signing-keys/AKIA0000000000000000", 0),
                Arguments.of(gateway, "POST", "/internal/v1/sigv2/verify", 403),
                Arguments.of(presign, "POST", "/internal/v1/sigv2/verify", 403),
                Arguments.of(objects, "POST", "/internal/v1/sigv2/verify", 0),
                Arguments.of(gateway, "GET", "/internal/v1/presign-keys", 403),
                Arguments.of(objects, "GET", "/internal/v1/presign-keys", 403),
                Arguments.of(presign, "GET", "/internal/v1/presign-keys", 0),
                // accounts, keys, tokens, introspection: the gateway only
                Arguments.of(objects, "POST", "/internal/v1/admin/accounts", 403),
                Arguments.of(presign, "POST", "/internal/v1/admin/accounts", 403),
                Arguments.of(objects, "GET", "/internal/v1/admin/accounts", 403),
                Arguments.of(objects, "PUT", "/internal/v1/accounts/acct-x", 403),
                Arguments.of(presign, "PUT", "/internal/v1/accounts/acct-x", 403),
                Arguments.of(objects, "GET", "/internal/v1/keys", 403),
                Arguments.of(presign, "POST", "/internal/v1/keys", 403),
                Arguments.of(objects, "POST", "/internal/v1/keys/AKIA0000000000000000/rotate", 403),
                Arguments.of(presign, "DELETE", "/internal/v1/keys/AKIA0000000000000000", 403),
                Arguments.of(objects, "POST", "/internal/v1/tokens", 403),
                Arguments.of(objects, "POST", "/internal/v1/introspect", 403),
                Arguments.of(operator, "GET", "/internal/v1/keys", 403),
                Arguments.of(gateway, "GET", "/internal/v1/keys", 0),
                Arguments.of(gateway, "PUT", "/internal/v1/accounts/acct-x", 0),
                // maintenance: the operator only
                Arguments.of(gateway, "POST", "/internal/v1/maintenance/re-encrypt", 403),
                Arguments.of(objects, "POST", "/internal/v1/maintenance/re-encrypt", 403),
                // a route that is not in the table is closed to everyone
                Arguments.of(gateway, "GET", "/internal/v1/anything", 403),
                Arguments.of(gateway, "GET", "/internal/v1/keys/", 403));
    }

    /** {@code expected} 403: refused as problem+json; 0: let through to the resource (any answer but 401/403). */
    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @MethodSource("routes")
    void aCallersCredential_reachesOnlyItsOwnRoutes(InternalCaller caller, String method, String path, int expected) {
        var response = InternalApi.as(caller).header("X-Edge-Account", "acct-access-test")
                .contentType("application/json").body("{}").when().request(method, path).then();
        if (expected == 403) {
            response.statusCode(403).contentType("application/problem+json")
                    .body("code", equalTo("internal-route-forbidden"));
        } else {
            response.statusCode(not(oneOf(401, 403)));
        }
    }
}
