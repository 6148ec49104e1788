package io.edgestorage.common.problem;

import java.net.URI;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem document. {@code code} is our stable machine-readable identifier; {@code type}
 * is a URI derived from it so clients can branch on either.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(URI type, String title, int status, String detail, String instance, String code) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://edge-storage.dev/problems/";

    public static Problem of(int status, String code, String title, String detail) {
        return new Problem(URI.create(TYPE_BASE + code), title, status, detail, null, code);
    }

    public Problem withInstance(String requestPath) {
        return new Problem(type, title, status, detail, requestPath, code);
    }
}
