package io.edgestorage.gateway;

import java.util.List;

/**
 * One Edge API operation: {@code method} on {@code /api/storage/<template>} needs {@code scope} and is
 * served by {@code upstream} at {@code /internal/v1/<template>}.
 *
 * @param template path below {@code /api/storage/}, segments separated by '/', {@code {name}} for a variable
 */
public record Route(String method, String template, String scope, Upstream upstream) {

    public static final String PUBLIC_PREFIX = "/api/storage/";
    public static final String INTERNAL_PREFIX = "/internal/v1/";

    /** The public path as OpenAPI writes it, e.g. {@code /api/storage/buckets/{name}/presign}. */
    public String publicPath() {
        return PUBLIC_PREFIX + template;
    }

    /**
     * Whether a failed attempt (connection lost, timeout) may be sent again: GET and HEAD, and the presign
     * call, which grants nothing twice (a first presign may create the account's signing key, and that is
     * get-or-create; an attempt whose answer was lost may leave a recorded grant whose URL nobody received).
     * Presigns travel pipelined, so one lost connection fails several at once.
     */
    public boolean retrySafe() {
        return "GET".equals(method) || "HEAD".equals(method) || upstream == Upstream.PRESIGN_SERVICE;
    }

    List<String> segments() {
        return List.of(template.split("/"));
    }
}
