package io.edgestorage.gateway.security;

import java.io.IOException;
import java.util.concurrent.TimeoutException;

import io.quarkus.oidc.common.runtime.OidcEndpointAccessException;
import io.quarkus.security.AuthenticationFailedException;

/**
 * Tells "the token could not be checked" from "the token is not valid". Quarkus OIDC reports both as an
 * {@link AuthenticationFailedException}, which it answers with 401. It is an outage, worth a 503, when
 * key-service was asked to introspect the token and gave no verdict ({@link IntrospectionAttempts}:
 * connection refused or dropped, timeout, an error status), or when the failure was caused by a provider
 * endpoint that could not be reached (an external provider's keys, for JWTs). A verdict of
 * {@code active:false}, an expired token or a bad JWT signature stay 401.
 */
public final class TokenVerificationOutage {

    private static final int MAX_DEPTH = 16;

    private TokenVerificationOutage() {
    }

    /** Must run on the failed request's Vert.x context (a route failure handler does). */
    public static boolean isOutage(Throwable failure) {
        if (!(failure instanceof AuthenticationFailedException)) {
            return false;
        }
        return IntrospectionAttempts.askedWithoutVerdict() || causedByUnreachableEndpoint(failure);
    }

    static boolean causedByUnreachableEndpoint(Throwable failure) {
        Throwable cause = failure.getCause();
        for (int depth = 0; cause != null && depth < MAX_DEPTH; depth++) {
            if (cause instanceof IOException || cause instanceof TimeoutException
                    || cause instanceof OidcEndpointAccessException) {
                return true;
            }
            cause = cause.getCause() == cause ? null : cause.getCause();
        }
        return false;
    }
}
