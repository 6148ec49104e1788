package io.edgestorage.common.internal;

import static io.edgestorage.common.internal.InternalCaller.API_GATEWAY;
import static io.edgestorage.common.internal.InternalCaller.OBJECT_SERVICE;
import static io.edgestorage.common.internal.InternalCaller.OPERATOR;
import static io.edgestorage.common.internal.InternalCaller.PRESIGN_SERVICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InternalAccessPolicyTest {

    @ParameterizedTest(name = "{0} {1} {2} {3} -> {4}")
    @CsvSource({
            "key-service, OBJECT_SERVICE, GET, /internal/v1/signing-keys/AKIA1, true",
            "key-service, API_GATEWAY, GET, /internal/v1/signing-keys/AKIA1, false",
            "key-service, PRESIGN_SERVICE, GET, /internal/v1/signing-keys/AKIA1, false",
            "key-service, OBJECT_SERVICE, POST, /internal/v1/sigv2/verify, true",
            "key-service, API_GATEWAY, POST, /internal/v1/sigv2/verify, false",
            "key-service, PRESIGN_SERVICE, GET, /internal/v1/presign-keys, true",
            "key-service, API_GATEWAY, GET, /internal/v1/presign-keys, false",
            "key-service, API_GATEWAY, POST, /internal/v1/admin/accounts, true",
            "key-service, OBJECT_SERVICE, POST, /internal/v1/admin/accounts, false",
            "key-service, PRESIGN_SERVICE, PUT, /internal/v1/accounts/a, false",
            "key-service, API_GATEWAY, PUT, /internal/v1/accounts/a, true",
            "key-service, API_GATEWAY, GET, /internal/v1/accounts/a, false",
            "key-service, API_GATEWAY, POST, /internal/v1/keys/AKIA1/rotate, true",
            "key-service, API_GATEWAY, POST, /internal/v1/keys/AKIA1/rotate/x, false",
            "key-service, API_GATEWAY, DELETE, /internal/v1/keys/AKIA1, true",
            "key-service, API_GATEWAY, DELETE, /internal/v1/keys/, false",
            "key-service, API_GATEWAY, POST, /internal/v1/maintenance/re-encrypt, false",
            "key-service, OPERATOR, POST, /internal/v1/maintenance/re-encrypt, true",
            "object-service, PRESIGN_SERVICE, GET, /internal/v1/buckets/b, true",
            "object-service, PRESIGN_SERVICE, DELETE, /internal/v1/buckets/b, false",
            "object-service, PRESIGN_SERVICE, GET, /internal/v1/buckets, false",
            "object-service, PRESIGN_SERVICE, PUT, /internal/v1/buckets/b/cors, false",
            "object-service, OBJECT_SERVICE, GET, /internal/v1/buckets/b, false",
            "object-service, API_GATEWAY, PUT, /internal/v1/buckets/b/cors, true",
            "object-service, API_GATEWAY, PUT, /internal/v1/buckets/b/access, true",
            "object-service, API_GATEWAY, DELETE, /internal/v1/buckets/b/access, false",
            "object-service, PRESIGN_SERVICE, PUT, /internal/v1/buckets/b/access, false",
            "object-service, API_GATEWAY, GET, /internal/v1/signing-keys/AKIA1, false",
            "presign-service, API_GATEWAY, POST, /internal/v1/buckets/b/presign, true",
            "presign-service, OBJECT_SERVICE, POST, /internal/v1/buckets/b/presign, false",
            "presign-service, API_GATEWAY, GET, /internal/v1/buckets/b/presign, false",
            "api-gateway, API_GATEWAY, GET, /internal/v1/keys, false"})
    void theTable_decidesEveryCall(String service, InternalCaller caller, String method, String path, boolean allowed) {
        assertThat(InternalAccessPolicy.allows(service, caller, method, path)).isEqualTo(allowed);
    }

    @Test
    void eachServiceKnowsWhoMayCallIt() {
        assertThat(InternalAccessPolicy.callersOf("key-service"))
                .isEqualTo(EnumSet.of(API_GATEWAY, PRESIGN_SERVICE, OBJECT_SERVICE, OPERATOR));
        assertThat(InternalAccessPolicy.callersOf("object-service")).isEqualTo(EnumSet.of(API_GATEWAY, PRESIGN_SERVICE));
        assertThat(InternalAccessPolicy.callersOf("presign-service")).isEqualTo(EnumSet.of(API_GATEWAY));
        assertThat(InternalAccessPolicy.callersOf("api-gateway")).isEmpty();
    }

    @Test
    void aWildcardSegment_isOneNonEmptySegment() {
        assertThat(InternalAccessPolicy.pathMatches("/internal/v1/keys/*", "/internal/v1/keys/AKIA1")).isTrue();
        assertThat(InternalAccessPolicy.pathMatches("/internal/v1/keys/*", "/internal/v1/keys/")).isFalse();
        assertThat(InternalAccessPolicy.pathMatches("/internal/v1/keys/*", "/internal/v1/keys/a/b")).isFalse();
        assertThat(InternalAccessPolicy.pathMatches("/internal/v1/keys", "/internal/v1/keys/")).isFalse();
    }

    @Test
    void onlyInternalAndManagementPaths_areKeptOffThePublicPort() {
        assertThat(ListenerGuard.isInternalPath("/internal")).isTrue();
        assertThat(ListenerGuard.isInternalPath("/internal/v1/keys")).isTrue();
        assertThat(ListenerGuard.isInternalPath("/q")).isTrue();
        assertThat(ListenerGuard.isInternalPath("/q/metrics")).isTrue();
        assertThat(ListenerGuard.isInternalPath("/internals/x")).isFalse();
        assertThat(ListenerGuard.isInternalPath("/qa/x")).isFalse();
        assertThat(ListenerGuard.isInternalPath("/bucket/q/metrics")).isFalse();
        assertThat(ListenerGuard.isInternalPath("/")).isFalse();
    }

    @Test
    void theInternalPort_mayNotBeThePublicOne() {
        assertThatThrownBy(() -> InternalListener.requireDistinctPorts(9000, 9000))
                .isInstanceOf(IllegalStateException.class);
        InternalListener.requireDistinctPorts(0, 9000);
        InternalListener.requireDistinctPorts(9180, 9000);
    }
}
