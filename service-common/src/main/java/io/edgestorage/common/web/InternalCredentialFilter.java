package io.edgestorage.common.web;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.edgestorage.common.internal.InternalAccessPolicy;
import io.edgestorage.common.internal.InternalCaller;
import io.edgestorage.common.internal.InternalCredentials;
import io.edgestorage.common.problem.Problem;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;

/**
 * Guards {@code /internal/**}: the caller is known by its own credential (401 without one), and may call only
 * the routes {@link InternalAccessPolicy} gives it on this service (403 otherwise). Registered as a Vert.x
 * filter so it covers Quarkus REST and plain routes alike.
 */
@ApplicationScoped
public class InternalCredentialFilter {

    public static final String HEADER = "X-Edge-Internal-Token";
    public static final String ACCOUNT_HEADER = "X-Edge-Account";
    /** Routing-context key of the {@link InternalCaller} that passed the check. */
    public static final String CALLER_KEY = "edge.internalCaller";
    private static final int PRIORITY = 1_000;

    private final InternalCredentials credentials;

    public InternalCredentialFilter(InternalCredentials credentials) {
        this.credentials = credentials;
    }

    void register(@Observes Filters filters) {
        filters.register(this::check, PRIORITY);
    }

    void check(RoutingContext rc) {
        String path = rc.normalizedPath();
        if (!path.startsWith("/internal/")) {
            rc.next();
            return;
        }
        Optional<InternalCaller> caller = credentials.identify(rc.request().getHeader(HEADER));
        if (caller.isEmpty()) {
            refuse(rc, Problem.of(401, "internal-credential-required", "Unauthorized",
                    "This endpoint is for Edge Storage services only").withInstance(path));
        } else if (!InternalAccessPolicy.allows(credentials.service(), caller.get(), rc.request().method().name(),
                path)) {
            refuse(rc, Problem.of(403, "internal-route-forbidden", "Forbidden", "The caller "
                    + caller.get().id() + " may not call this route").withInstance(path));
        } else {
            rc.put(CALLER_KEY, caller.get());
            rc.next();
        }
    }

    private static void refuse(RoutingContext rc, Problem problem) {
        rc.response().setStatusCode(problem.status()).putHeader("Content-Type", Problem.MEDIA_TYPE)
                .end(Json.encode(problem));
    }
}
