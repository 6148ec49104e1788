package io.edgestorage.presign.client;

/** An upstream answered with an unexpected status: counts as a fault for retries and circuit breakers. */
public class UpstreamFailureException extends RuntimeException {

    public UpstreamFailureException(String upstream, int status) {
        super(upstream + " answered HTTP " + status, null, false, false);
    }
}
