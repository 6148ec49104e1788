package io.edgestorage.presign.client;

/**
 * An upstream answered 404: a definite "no", not a fault. Retries and circuit breakers skip it.
 */
public class UpstreamNotFoundException extends RuntimeException {

    private final String code;

    public UpstreamNotFoundException(String code) {
        super("upstream answered 404 " + code, null, false, false);
        this.code = code;
    }

    /** The upstream's problem {@code code}, e.g. {@code no-such-bucket}; {@code not-found} if it gave none. */
    public String code() {
        return code;
    }
}
