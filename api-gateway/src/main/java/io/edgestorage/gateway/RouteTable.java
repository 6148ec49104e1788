package io.edgestorage.gateway;

import java.util.List;
import java.util.Optional;

/**
 * The Edge API's routes (ARCHITECTURE.md "Edge API", docs/internal-api.md "Gateway routing"): which
 * scope each needs and which service answers it. Anything else under {@code /api/storage/} is 404, and
 * nothing outside it is proxied — so {@code /internal/**} is never reachable through the gateway.
 * Pure; the OpenAPI document is checked against {@link #ROUTES} by a test.
 */
public final class RouteTable {

    public static final String PRESIGN = "storage:presign";
    public static final String BUCKETS = "storage:buckets";
    public static final String KEYS = "storage:keys";
    public static final String ADMIN = "storage:admin";
    public static final String PLATFORM_ADMIN = "platform:admin";

    /** Every scope of the Edge API, in the order key-service lists them. */
    public static final List<String> SCOPES = List.of(PRESIGN, BUCKETS, KEYS, ADMIN, PLATFORM_ADMIN);

    public static final List<Route> ROUTES = List.of(
            new Route("POST", "buckets/{name}/presign", PRESIGN, Upstream.PRESIGN_SERVICE),
            new Route("GET", "buckets", BUCKETS, Upstream.OBJECT_SERVICE),
            new Route("POST", "buckets", BUCKETS, Upstream.OBJECT_SERVICE),
            new Route("DELETE", "buckets/{name}", BUCKETS, Upstream.OBJECT_SERVICE),
            new Route("GET", "buckets/{name}/cors", BUCKETS, Upstream.OBJECT_SERVICE),
            new Route("PUT", "buckets/{name}/cors", BUCKETS, Upstream.OBJECT_SERVICE),
            new Route("DELETE", "buckets/{name}/cors", BUCKETS, Upstream.OBJECT_SERVICE),
            new Route("GET", "buckets/{name}/access", BUCKETS, Upstream.OBJECT_SERVICE),
            new Route("PUT", "buckets/{name}/access", BUCKETS, Upstream.OBJECT_SERVICE),
            new Route("GET", "buckets/{name}/revocations", PRESIGN, Upstream.OBJECT_SERVICE),
            new Route("POST", "buckets/{name}/revocations", PRESIGN, Upstream.OBJECT_SERVICE),
            new Route("GET", "grants", PRESIGN, Upstream.OBJECT_SERVICE),
            new Route("GET", "grants/{id}", PRESIGN, Upstream.OBJECT_SERVICE),
            new Route("DELETE", "grants/{id}", PRESIGN, Upstream.OBJECT_SERVICE),
            new Route("GET", "keys", KEYS, Upstream.KEY_SERVICE),
            new Route("POST", "keys", KEYS, Upstream.KEY_SERVICE),
            new Route("POST", "keys/{id}/rotate", KEYS, Upstream.KEY_SERVICE),
            new Route("DELETE", "keys/{id}", KEYS, Upstream.KEY_SERVICE),
            new Route("GET", "tokens", ADMIN, Upstream.KEY_SERVICE),
            new Route("POST", "tokens", ADMIN, Upstream.KEY_SERVICE),
            new Route("DELETE", "tokens/{id}", ADMIN, Upstream.KEY_SERVICE),
            new Route("GET", "admin/accounts", PLATFORM_ADMIN, Upstream.KEY_SERVICE),
            new Route("POST", "admin/accounts", PLATFORM_ADMIN, Upstream.KEY_SERVICE));

    private RouteTable() {
    }

    /** The outcome of matching a request. */
    public sealed interface Match permits Found, MethodNotAllowed, NotFound {
    }

    /** @param upstreamPath {@code /internal/v1/...} with the caller's (still encoded) segments */
    public record Found(Route route, String upstreamPath) implements Match {
    }

    /** The path exists, the method does not; {@code allowed} for the {@code Allow} header. */
    public record MethodNotAllowed(List<String> allowed) implements Match {
    }

    public record NotFound() implements Match {
    }

    /**
     * @param method HTTP method
     * @param path   the normalized, still percent-encoded request path, e.g. {@code /api/storage/buckets/b/cors}
     */
    public static Match match(String method, String path) {
        Optional<String> rest = below(path);
        if (rest.isEmpty()) {
            return new NotFound();
        }
        String[] segments = rest.get().split("/", -1);
        for (String segment : segments) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return new NotFound();
            }
        }
        List<String> allowed = new java.util.ArrayList<>();
        for (Route route : ROUTES) {
            if (matches(route.segments(), segments)) {
                if (route.method().equals(method)) {
                    return new Found(route, Route.INTERNAL_PREFIX + rest.get());
                }
                allowed.add(route.method());
            }
        }
        return allowed.isEmpty() ? new NotFound() : new MethodNotAllowed(List.copyOf(allowed));
    }

    private static Optional<String> below(String path) {
        if (path == null || !path.startsWith(Route.PUBLIC_PREFIX) || path.length() == Route.PUBLIC_PREFIX.length()) {
            return Optional.empty();
        }
        String rest = path.substring(Route.PUBLIC_PREFIX.length());
        return Optional.of(rest.endsWith("/") ? rest.substring(0, rest.length() - 1) : rest);
    }

    private static boolean matches(List<String> template, String[] segments) {
        if (template.size() != segments.length) {
            return false;
        }
        for (int i = 0; i < segments.length; i++) {
            String t = template.get(i);
            if (!(t.startsWith("{") && t.endsWith("}")) && !t.equals(segments[i])) {
                return false;
            }
        }
        return true;
    }
}
