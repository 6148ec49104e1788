package io.edgestorage.presign.client;

import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.smallrye.mutiny.Uni;

/**
 * The two upstream reads, each behind a timeout, a short retry (both are idempotent GETs) and a
 * circuit breaker per upstream (grants are recorded by {@link GrantRecordClient}). A 404 is an answer, not a fault: neither
 * retried nor counted.
 * Values are overridable with the usual MicroProfile keys, e.g.
 * {@code io.edgestorage.presign.client.Upstreams/bucket/Timeout/value}.
 */
@ApplicationScoped
public class Upstreams {

    private final ObjectServiceClient objectService;
    private final KeyServiceClient keyService;

    public Upstreams(@RestClient ObjectServiceClient objectService, @RestClient KeyServiceClient keyService) {
        this.objectService = objectService;
        this.keyService = keyService;
    }

    @Timeout(value = 2, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 50, jitter = 25, abortOn = UpstreamNotFoundException.class)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS,
            skipOn = UpstreamNotFoundException.class)
    public Uni<BucketView> bucket(String account, String bucket, String requestId) {
        return objectService.bucket(bucket, account, requestId);
    }

    @Timeout(value = 2, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 50, jitter = 25, abortOn = UpstreamNotFoundException.class)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS,
            skipOn = UpstreamNotFoundException.class)
    public Uni<SigningKeyView> presignKey(String account, String date, String region, String keyId,
            String requestId) {
        return keyService.presignKey(account, date, region, "s3", keyId, requestId);
    }
}
