package io.edgestorage.common.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.edgestorage.common.problem.Problem;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;

/**
 * Keeps the two listeners apart: the public port answers {@code /internal/**} and {@code /q/**} with a 404
 * (in the public protocol's own format, see {@link PublicPortRefusal}), and the internal port answers nothing
 * but them. Runs after the request id is set and before the credential check, so the public port never reveals
 * whether an internal route exists.
 */
@ApplicationScoped
public class ListenerGuard {

    private static final int PRIORITY = 1_500;

    private final InternalListener listener;
    private final PublicPortRefusal refusal;

    public ListenerGuard(InternalListener listener, PublicPortRefusal refusal) {
        this.listener = listener;
        this.refusal = refusal;
    }

    /** {@code /internal}, {@code /q} and everything under them, as the router matches paths (normalised). */
    public static boolean isInternalPath(String path) {
        return under(path, "/internal") || under(path, "/q");
    }

    private static boolean under(String path, String prefix) {
        return path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
    }

    void register(@Observes Filters filters) {
        filters.register(this::guard, PRIORITY);
    }

    void guard(RoutingContext rc) {
        String path = rc.normalizedPath();
        boolean internalPath = path != null && isInternalPath(path);
        boolean internalPort = listener.received(rc.request());
        if (internalPath == internalPort) {
            rc.next();
        } else if (internalPort) {
            notFound(rc, "The internal listener serves only /internal and /q");
        } else {
            refusal.refuse(rc);
        }
    }

    static void notFound(RoutingContext rc, String detail) {
        Problem problem = Problem.of(404, "not-found", "Not Found", detail);
        rc.response().setStatusCode(404).putHeader("Content-Type", Problem.MEDIA_TYPE).end(Json.encode(problem));
    }
}
