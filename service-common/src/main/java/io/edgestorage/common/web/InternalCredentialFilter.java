package io.edgestorage.common.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

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

    public InternalCredentialFilter(@ConfigProperty(name = "edge.internal.token") String token) {
        this.expected = token.getBytes(StandardCharsets.UTF_8);
    }

    void register(@Observes Filters filters) {
        filters.register(rc -> {
            String path = rc.normalizedPath();
            if (!path.startsWith("/internal/")) {
                rc.next();
                return;
            }
            String presented = rc.request().getHeader(HEADER);
            if (presented != null && MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.UTF_8))) {
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
