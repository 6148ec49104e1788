package io.edgestorage.sigv4;

import java.util.List;
import java.util.Set;

/**
 * The read-only view of an HTTP request that the verifiers need. Services adapt their HTTP stack
 * (e.g. Vert.x) to it; {@link SimpleHttpRequest} is a plain implementation.
 */
public interface HttpRequestView {

    /** The request method, e.g. {@code GET}. */
    String method();

    /** The path exactly as sent, still percent-encoded, e.g. {@code /bucket/a%20b}. */
    String rawPath();

    /** The query string exactly as sent, without {@code ?}; {@code null} if there is none. */
    String rawQuery();

    /**
     * {@link #rawQuery()} read by the one query parser that verification and dispatch share. Adapters
     * should parse once and return the same instance every time: the verifiers and the service that acts
     * on the request then read the very same parameters.
     */
    default QueryParameters query() {
        return QueryParameters.parse(rawQuery());
    }

    /** Every value of the header, in arrival order; empty if absent. The name is lower-case. */
    List<String> headers(String lowerCaseName);

    /** The lower-case names of all headers present. */
    Set<String> headerNames();

    /** The first value of the header, or {@code null}. */
    default String firstHeader(String lowerCaseName) {
        List<String> values = headers(lowerCaseName);
        return values.isEmpty() ? null : values.get(0);
    }
}
