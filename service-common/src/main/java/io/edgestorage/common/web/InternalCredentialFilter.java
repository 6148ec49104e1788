package io.edgestorage.common.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.edgestorage.common.problem.Problem;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.json.Json;

/**
 * Guards {@code /internal/**}: only callers holding the internal service credential get through.
 * Registered as a Vert.x filter so it covers Quarkus REST and plain routes alike.
 */
@ApplicationScoped
public class InternalCredentialFilter {

    public static final String HEADER = "X-Edge-Internal-Token";
    public static final String ACCOUNT_HEADER = "X-Edge-Account";
    private static final int PRIORITY = 1_000;

    private final byte[] expected;
    private final byte[] previous;

    /**
     * {@code edge.internal.token-previous} lets operators change the credential without a window of
     * 401s: services accept both while they restart one by one, then the previous one is dropped.
     */
    public InternalCredentialFilter(@ConfigProperty(name = "edge.internal.token") String token,
            @ConfigProperty(name = "edge.internal.token-previous") Optional<String> previousToken) {
        this.expected = token.getBytes(StandardCharsets.UTF_8);
        this.previous = previousToken.filter(t -> !t.isBlank()).map(t -> t.getBytes(StandardCharsets.UTF_8))
                .orElse(null);
    }

    boolean accepts(String presented) {
        if (presented == null) {
            return false;
        }
        byte[] bytes = presented.getBytes(StandardCharsets.UTF_8);
        // Both comparisons always run so timing does not reveal which credential matched.
        boolean current = MessageDigest.isEqual(expected, bytes);
        boolean old = previous != null && MessageDigest.isEqual(previous, bytes);
        return current | old;
    }

    void register(@Observes Filters filters) {
        filters.register(rc -> {
            String path = rc.normalizedPath();
            if (!path.startsWith("/internal/")) {
                rc.next();
                return;
            }
            if (accepts(rc.request().getHeader(HEADER))) {
                rc.next();
                return;
            }
            Problem problem = Problem.of(401, "internal-credential-required", "Unauthorized",
                    "This endpoint is for Edge Storage services only").withInstance(path);
            rc.response().setStatusCode(401).putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .end(Json.encode(problem));
        }, PRIORITY);
    }
}
