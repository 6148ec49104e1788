package io.edgestorage.objects.s3;

import java.security.SecureRandom;
import java.util.Base64;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.edgestorage.common.internal.InternalListener;
import io.edgestorage.common.web.RequestIdFilter;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpServerResponse;

/**
 * S3's request identification on every answer of the S3 port, whatever route answers it (operations, errors,
 * CORS preflights, the refusal of {@code /q} and {@code /internal}): {@code x-amz-request-id} is the request id
 * ({@link RequestIdFilter}, the same as the error document's {@code RequestId}), {@code x-amz-id-2} this
 * replica's host id (the error document's {@code HostId}), so a report names the request and the replica.
 */
@ApplicationScoped
public class AmzRequestIds {

    public static final String REQUEST_ID = "x-amz-request-id";
    public static final String HOST_ID_HEADER = "x-amz-id-2";
    /** Random per process: tells replicas apart without naming the host. */
    static final String HOST_ID = newHostId();
    /** Right after {@link RequestIdFilter} (2000), which sets the id this filter reads. */
    private static final int PRIORITY = 1_990;

    private final InternalListener internalListener;

    public AmzRequestIds(InternalListener internalListener) {
        this.internalListener = internalListener;
    }

    void register(@Observes Filters filters) {
        filters.register(rc -> {
            if (!internalListener.received(rc.request())) {
                put(rc.response(), RequestIdFilter.of(rc));
            }
            rc.next();
        }, PRIORITY);
    }

    /** Sets both headers (again, after a reset of the response's headers). */
    static void put(HttpServerResponse response, String requestId) {
        if (requestId != null) {
            response.putHeader(REQUEST_ID, requestId);
        }
        response.putHeader(HOST_ID_HEADER, HOST_ID);
    }

    private static String newHostId() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
