package io.edgestorage.gateway.client;

import io.edgestorage.gateway.Upstream;

/** An upstream could not be reached, timed out, answered 502/503/504 repeatedly, or its circuit is open. */
public class UpstreamUnavailableException extends RuntimeException {

    private final Upstream upstream;
    private final boolean circuitOpen;

    public UpstreamUnavailableException(Upstream upstream, boolean circuitOpen, Throwable cause) {
        super(upstream.configName() + (circuitOpen ? " circuit open" : " unavailable: " + cause), cause, false, false);
        this.upstream = upstream;
        this.circuitOpen = circuitOpen;
    }

    public Upstream upstream() {
        return upstream;
    }

    public boolean circuitOpen() {
        return circuitOpen;
    }
}
