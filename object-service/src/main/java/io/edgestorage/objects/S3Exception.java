package io.edgestorage.objects;

import java.util.LinkedHashMap;
import java.util.Map;

import io.edgestorage.objects.blob.BlobStoreUnavailableException;
import io.edgestorage.sigv4.S3ProtocolError;
import io.edgestorage.sigv4.chunked.ChunkedDecodingException;

/**
 * An S3 failure on its way to the one place that renders it as S3 XML: any {@link S3ProtocolError} (this
 * service's {@link S3Error}, a sigv4 refusal) with the message the client reads.
 */
public class S3Exception extends RuntimeException {

    private final transient S3ProtocolError error;
    private final transient Map<String, String> extra = new LinkedHashMap<>();

    public S3Exception(S3ProtocolError error, String message) {
        super(message, null, false, false);
        this.error = error;
    }

    /**
     * The failure as an S3 failure when it is one: an S3Exception itself, the aws-chunked decoder's refusal
     * (its own code and status, its detail as the message), or a blob store that cannot serve now
     * (ServiceUnavailable, or SlowDown when its upstream throttles). Null for anything else, which each caller answers
     * in its own way (a body that could not be read, an internal error).
     */
    public static S3Exception from(Throwable failure) {
        if (failure instanceof S3Exception e) {
            return e;
        }
        if (failure instanceof ChunkedDecodingException e) {
            return new S3Exception(e.failure(), e.getMessage());
        }
        if (failure instanceof BlobStoreUnavailableException e) {
            // The upstream's own words name internal hosts: the client gets S3's, the log the detail.
            return e.throttled() ? S3Error.SLOW_DOWN.exception()
                    : S3Error.SERVICE_UNAVAILABLE.exception("The storage behind this service is unavailable right now; "
                            + "try again shortly.");
        }
        return null;
    }

    public S3ProtocolError error() {
        return error;
    }

    /** Extra elements of the XML error body (e.g. StringToSign), in order. */
    public Map<String, String> extra() {
        return extra;
    }

    public S3Exception with(String element, String value) {
        if (value != null) {
            extra.put(element, value);
        }
        return this;
    }
}
