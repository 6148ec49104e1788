package io.edgestorage.gateway.security;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.Unremovable;
import io.quarkus.oidc.common.OidcEndpoint;
import io.quarkus.oidc.common.OidcRequestFilter;
import io.quarkus.oidc.common.OidcResponseFilter;
import io.smallrye.common.vertx.ContextLocals;
import io.smallrye.common.vertx.VertxContext;

/**
 * Remembers, per Edge API request, whether Quarkus OIDC asked key-service to introspect the bearer token
 * and whether it got a verdict (HTTP 200) back. Quarkus OIDC turns every introspection failure into a
 * plain 401 and, for a dropped connection or a timeout, even loses the transport exception on the way
 * (it maps the failure to its cause, which such Vert.x errors do not have), so the exception alone cannot
 * tell "invalid token" from "key-service unreachable". Both filters run on the request's duplicated
 * Vert.x context, and so does the gateway's failure handler that reads the outcome.
 */
@ApplicationScoped
@Unremovable
@OidcEndpoint(OidcEndpoint.Type.INTROSPECTION)
public class IntrospectionAttempts implements OidcRequestFilter, OidcResponseFilter {

    private static final String KEY = "edge.introspection";

    private enum Outcome {
        ASKED, ANSWERED
    }

    @Override
    public void filter(OidcRequestContext context) {
        remember(Outcome.ASKED);
    }

    @Override
    public void filter(OidcResponseContext context) {
        if (context.statusCode() == 200) {
            remember(Outcome.ANSWERED);
        }
    }

    /** True when this request's token went to introspection and no verdict came back. */
    public static boolean askedWithoutVerdict() {
        return VertxContext.isOnDuplicatedContext() && ContextLocals.get(KEY, null) == Outcome.ASKED;
    }

    /** True when this request's token went to introspection and key-service gave a verdict. */
    public static boolean answered() {
        return VertxContext.isOnDuplicatedContext() && ContextLocals.get(KEY, null) == Outcome.ANSWERED;
    }

    private static void remember(Outcome outcome) {
        if (VertxContext.isOnDuplicatedContext()) {
            ContextLocals.put(KEY, outcome);
        }
    }
}
