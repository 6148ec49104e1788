package io.edgestorage.sigv4;

/** Where a request carries its signature. */
public enum AuthLocation {
    /** {@code Authorization} header. */
    HEADER,
    /** Query string (presigned URL). */
    QUERY
}
