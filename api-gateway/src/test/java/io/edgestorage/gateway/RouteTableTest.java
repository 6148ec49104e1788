package io.edgestorage.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouteTableTest {

    @ParameterizedTest(name = "{0} {1} → {2} {3}")
    @CsvSource({
        "POST,   /api/storage/buckets/my-bucket/presign, presign-service, /internal/v1/buckets/my-bucket/presign",
        "GET,    /api/storage/buckets,                   object-service,  /internal/v1/buckets",
        "GET,    /api/storage/buckets/,                  object-service,  /internal/v1/buckets",
        "DELETE, /api/storage/buckets/b1,                object-service,  /internal/v1/buckets/b1",
        "PUT,    /api/storage/buckets/b1/cors,           object-service,  /internal/v1/buckets/b1/cors",
        "PUT,    /api/storage/buckets/b1/access,         object-service,  /internal/v1/buckets/b1/access",
        "GET,    /api/storage/buckets/b1/access,         object-service,  /internal/v1/buckets/b1/access",
        "POST,   /api/storage/keys/AKIA1/rotate,         key-service,     /internal/v1/keys/AKIA1/rotate",
        "DELETE, /api/storage/tokens/t1,                 key-service,     /internal/v1/tokens/t1",
        "POST,   /api/storage/admin/accounts,            key-service,     /internal/v1/admin/accounts",
        "POST,   /api/storage/buckets/a%20b/presign,     presign-service, /internal/v1/buckets/a%20b/presign",
    })
    void knownOperations_mapToTheirUpstreamPath(String method, String path, String upstream, String upstreamPath) {
        assertThat(RouteTable.match(method, path)).isInstanceOfSatisfying(RouteTable.Found.class, f -> {
            assertThat(f.route().upstream().configName()).isEqualTo(upstream);
            assertThat(f.upstreamPath()).isEqualTo(upstreamPath);
        });
    }

    @ParameterizedTest
    @CsvSource({
        "GET, /internal/v1/keys",
        "GET, /api/storage/",
        "GET, /api/storage",
        "GET, /api/storage/internal/v1/keys",
        "GET, /api/storage/buckets/b/objects",
        "GET, /api/storage//buckets",
        "POST, /api/storage/buckets/../presign",
        "POST, /api/storage/buckets/./presign",
        "GET, /api/storage/admin",
    })
    void everythingElse_isNotFound(String method, String path) {
        assertThat(RouteTable.match(method, path)).isInstanceOf(RouteTable.NotFound.class);
    }

    @ParameterizedTest
    @CsvSource({
        "PATCH, /api/storage/buckets, GET|POST",
        "GET, /api/storage/buckets/b/presign, POST",
        "GET, /api/storage/keys/k1, DELETE",
    })
    void wrongMethod_isMethodNotAllowed_withWhatIsAllowed(String method, String path, String allowed) {
        assertThat(RouteTable.match(method, path)).isInstanceOfSatisfying(RouteTable.MethodNotAllowed.class,
                m -> assertThat(String.join("|", m.allowed())).isEqualTo(allowed));
    }
}
