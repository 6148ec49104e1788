package io.edgestorage.gateway.rest;

import java.util.List;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.edgestorage.common.problem.Problem;
import io.edgestorage.common.web.CallerScopes;
import io.edgestorage.common.web.InternalCredentialFilter;
import io.edgestorage.common.web.RequestIdFilter;
import io.edgestorage.gateway.Route;
import io.edgestorage.gateway.RouteTable;
import io.edgestorage.gateway.TokenBucketRateLimiter;
import io.edgestorage.gateway.Upstream;
import io.edgestorage.gateway.client.AccountProvisioner;
import io.edgestorage.gateway.client.UpstreamProxy;
import io.edgestorage.gateway.client.UpstreamResponse;
import io.edgestorage.gateway.client.UpstreamUnavailableException;
import io.edgestorage.gateway.config.EdgeOidcConfig;
import io.edgestorage.gateway.config.GatewayConfig;
import io.edgestorage.gateway.config.RateLimitConfig;
import io.edgestorage.gateway.security.EdgePrincipal;
import io.edgestorage.gateway.security.IntrospectionAttempts;
import io.edgestorage.gateway.security.JwtTenantResolver;
import io.edgestorage.gateway.security.PrincipalCache;
import io.edgestorage.gateway.security.RefusedTokens;
import io.edgestorage.gateway.security.TokenVerificationOutage;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The Edge API: {@code /api/storage/<rest>} → {@code /internal/v1/<rest>} on the owning service
 * ({@link RouteTable}). Here: bearer authentication (401 with {@code WWW-Authenticate: Bearer}; cached
 * principals, else Quarkus OIDC on demand), route, scope (403),
 * per-account rate limit (429), body limit (413), then proxy with the internal credential, the account
 * and the request id. Runs on the event loop and never blocks.
 */
@ApplicationScoped
public class EdgeApiRoutes {

    private static final Logger LOG = Logger.getLogger(EdgeApiRoutes.class);
    /** Request headers relayed to upstreams (besides the ones the gateway sets itself). */
    private static final List<String> FORWARDED_REQUEST_HEADERS = List.of("content-type", "accept", "accept-language",
            "if-match", "if-none-match");
    /** Response headers relayed back; hop-by-hop and the request id (already set) are not. */
    private static final List<String> FORWARDED_RESPONSE_HEADERS = List.of("content-type", "location", "etag",
            "cache-control", "retry-after", "allow", "content-language");
    private static final long EVICT_EVERY_MS = 60_000;
    private static final int MIN_OPAQUE_TOKEN_LENGTH = 20;
    private static final int MAX_OPAQUE_TOKEN_LENGTH = 512;
    private static final String ROUTE_KEY = "edge.route";
    private static final String PRINCIPAL_KEY = "edge.principal";
    /** %00–%1F and %7F in the raw path (Vert.x refuses raw control characters itself). */
    private static final Pattern ENCODED_CONTROL_CHARACTER = Pattern.compile("%(?:[01][0-9a-fA-F]|7[fF])");

    private final UpstreamProxy proxy;
    private final AccountProvisioner accounts;
    private final GatewayConfig gatewayConfig;
    private final RateLimitConfig rateLimitConfig;
    private final EdgeOidcConfig oidcConfig;
    private final TokenBucketRateLimiter rateLimiter;
    private final PrincipalCache principals;
    private final RefusedTokens refused;
    private final String internalToken;

    public EdgeApiRoutes(UpstreamProxy proxy, AccountProvisioner accounts, GatewayConfig gatewayConfig,
            RateLimitConfig rateLimitConfig, EdgeOidcConfig oidcConfig, PrincipalCache principals,
            RefusedTokens refused, Vertx vertx,
            @ConfigProperty(name = "edge.internal.token") String internalToken) {
        this.proxy = proxy;
        this.accounts = accounts;
        this.gatewayConfig = gatewayConfig;
        this.rateLimitConfig = rateLimitConfig;
        this.oidcConfig = oidcConfig;
        this.internalToken = internalToken;
        this.principals = principals;
        this.refused = refused;
        this.rateLimiter = new TokenBucketRateLimiter(rateLimitConfig.capacity(), rateLimitConfig.refillPerSecond());
        vertx.setPeriodic(EVICT_EVERY_MS, id -> rateLimiter.evictIdle(System.nanoTime()));
    }

    void register(@Observes Router router) {
        // Authorize before reading the body, so refused calls cost no upload.
        router.route("/api/storage/*").order(0).handler(this::authorize).failureHandler(this::failure);
        router.route("/api/storage/*").order(1)
                .handler(BodyHandler.create(false).setBodyLimit(gatewayConfig.maxBodyBytes()))
                .handler(this::forward)
                .failureHandler(this::failure);
        router.route("/api/*").order(2).handler(rc -> Problems.send(rc, 404, "no-such-route", "Not Found",
                "The Edge API lives under /api/storage/"));
    }

    /**
     * Authenticates first (so an unauthenticated caller learns nothing about paths): a platform token
     * introspected within the cache lifetime is answered from {@link PrincipalCache} at once; any other
     * request asks Quarkus OIDC for its identity (proactive authentication is off, see
     * application.properties), which introspects or verifies the JWT and fails the route on a bad token.
     */
    private void authorize(RoutingContext rc) {
        String token = JwtTenantResolver.bearer(rc);
        EdgePrincipal cached = principals.get(token);
        if (cached != null) {
            check(rc, cached);
            return;
        }
        if (token != null && (!couldBeIssued(token) || refused.refused(token))) {
            // Judged without asking key-service: a token it cannot have issued, or one it refused moments ago.
            challenge(rc);
            return;
        }
        // Hold the body back while OIDC works; the body handler of the next route resumes the request.
        rc.request().pause();
        Context context = Vertx.currentContext();
        QuarkusHttpUser.getSecurityIdentity(rc, null).subscribe().with(
                identity -> onContext(context, () -> authenticated(rc, token, identity)),
                failure -> onContext(context, () -> {
                    // Quarkus' deferred identity may already have failed the route with this same failure.
                    if (!rc.failed() && !rc.response().ended()) {
                        rc.fail(failure);
                    }
                }));
    }

    private void authenticated(RoutingContext rc, String token, SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            challenge(rc);
            return;
        }
        EdgePrincipal principal = EdgePrincipal.from(identity, oidcConfig.accountClaim());
        principals.remember(token, identity, principal);
        check(rc, principal);
    }

    /**
     * key-service issues no opaque token shorter than its bootstrap minimum (20 characters) or longer than it
     * introspects (512); JWTs are judged by the provider's keys, here, and have no such bound.
     */
    static boolean couldBeIssued(String token) {
        return JwtTenantResolver.looksLikeJwt(token)
                || token.length() >= MIN_OPAQUE_TOKEN_LENGTH && token.length() <= MAX_OPAQUE_TOKEN_LENGTH;
    }

    /** A missing or rejected bearer token: 401 with a bare Bearer challenge (as Quarkus OIDC sends) and a problem. */
    private static void challenge(RoutingContext rc) {
        if (!rc.response().ended()) {
            rc.response().putHeader("WWW-Authenticate", "Bearer");
            Problems.send(rc, 401, "unauthorized", "Unauthorized",
                    "A valid bearer token is required (Authorization: Bearer <API token or JWT>)");
        }
    }

    /** Identity callbacks may complete on the OIDC client's context; the answer is written from the request's. */
    private static void onContext(Context context, Runnable action) {
        if (context == null || Vertx.currentContext() == context) {
            action.run();
        } else {
            context.runOnContext(v -> action.run());
        }
    }

    private void check(RoutingContext rc, EdgePrincipal principal) {
        if (ENCODED_CONTROL_CHARACTER.matcher(rc.request().path()).find()) {
            // No name, id or key of the Edge API may hold one, and PostgreSQL text cannot hold NUL.
            Problems.send(rc, 400, "invalid-path", "Bad Request", "The path contains an encoded control character");
            return;
        }
        RouteTable.Match match = RouteTable.match(rc.request().method().name(), rc.normalizedPath());
        if (match instanceof RouteTable.NotFound) {
            Problems.send(rc, 404, "no-such-route", "Not Found", "No Edge API operation at this path");
            return;
        }
        if (match instanceof RouteTable.MethodNotAllowed notAllowed) {
            rc.response().putHeader("Allow", String.join(", ", notAllowed.allowed()));
            Problems.send(rc, 405, "method-not-allowed", "Method Not Allowed",
                    "Allowed here: " + String.join(", ", notAllowed.allowed()));
            return;
        }
        RouteTable.Found found = (RouteTable.Found) match;
        Route route = found.route();
        if (principal.account() == null) {
            Problems.send(rc, 403, "no-account", "Forbidden", "The token names no usable account (claim '"
                    + oidcConfig.accountClaim() + "')");
            return;
        }
        if (!principal.hasScope(route.scope())) {
            rc.response().putHeader("WWW-Authenticate",
                    "Bearer error=\"insufficient_scope\", scope=\"" + route.scope() + "\"");
            Problems.send(rc, 403, "insufficient-scope", "Forbidden", "This operation needs the scope '"
                    + route.scope() + "'");
            return;
        }
        if (rateLimitConfig.enabled()) {
            TokenBucketRateLimiter.Decision decision = rateLimiter.tryAcquire(principal.account(), System.nanoTime());
            if (!decision.allowed()) {
                rc.response().putHeader("Retry-After", Long.toString(decision.retryAfterSeconds()));
                Problems.send(rc, 429, "rate-limited", "Too Many Requests", "Request rate limit of the account "
                        + "exceeded; retry after " + decision.retryAfterSeconds() + " s");
                return;
            }
        }
        rc.put(ROUTE_KEY, found);
        rc.put(PRINCIPAL_KEY, principal);
        rc.next();
    }

    private void forward(RoutingContext rc) {
        RouteTable.Found found = rc.get(ROUTE_KEY);
        EdgePrincipal principal = rc.get(PRINCIPAL_KEY);
        String requestId = RequestIdFilter.of(rc);
        MultiMap incoming = rc.request().headers();
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        for (String name : FORWARDED_REQUEST_HEADERS) {
            List<String> values = incoming.getAll(name);
            if (!values.isEmpty()) {
                headers.add(name, values);
            }
        }
        headers.set(InternalCredentialFilter.HEADER, internalToken);
        headers.set(InternalCredentialFilter.ACCOUNT_HEADER, principal.account());
        headers.set(RequestIdFilter.HEADER, requestId);
        if (found.route().upstream() == Upstream.KEY_SERVICE) {
            // Tokens are issued there: a new one may hold no scope the caller's own credential lacks.
            headers.set(CallerScopes.HEADER, principal.edgeScopes());
        }
        String query = rc.request().query();
        String target = found.upstreamPath() + (query == null || query.isEmpty() ? "" : "?" + query);
        Buffer body = rc.body() == null ? null : rc.body().buffer();
        HttpMethod method = rc.request().method();

        Future<Void> ready = principal.external() ? accounts.ensure(principal.account(), requestId)
                : Future.succeededFuture();
        ready.compose(v -> proxy.send(found.route().upstream(), method, target, headers, body,
                found.route().retrySafe()))
                .onComplete(outcome -> {
                    if (outcome.succeeded()) {
                        relay(rc, outcome.result());
                    } else {
                        unavailable(rc, outcome.cause());
                    }
                });
    }

    private static void relay(RoutingContext rc, UpstreamResponse response) {
        if (rc.response().ended() || rc.response().closed()) {
            return;
        }
        rc.response().setStatusCode(response.statusCode());
        MultiMap upstreamHeaders = response.headers();
        for (String name : FORWARDED_RESPONSE_HEADERS) {
            List<String> values = upstreamHeaders.getAll(name);
            if (!values.isEmpty()) {
                rc.response().headers().add(name, values);
            }
        }
        Buffer body = response.body();
        if (response.statusCode() >= 400 && !isProblem(response)) {
            // E.g. Quarkus' own bare 413 for a body over the upstream's limit: every Edge API error is a problem.
            rc.response().headers().remove("Content-Type");
            int status = response.statusCode();
            String code = switch (status) {
                case 413 -> "payload-too-large";
                case 415 -> "unsupported-media-type";
                default -> "upstream-error";
            };
            Problems.send(rc, status, code, HttpResponseStatus.valueOf(status).reasonPhrase(),
                    "The service behind this operation refused the request (" + status + ")");
        } else if (body == null || body.length() == 0) {
            rc.response().end();
        } else {
            rc.response().end(publicInstance(rc, response, body));
        }
    }

    private static boolean isProblem(UpstreamResponse response) {
        String type = response.headers().get("Content-Type");
        return type != null && type.startsWith(Problem.MEDIA_TYPE);
    }

    /** An upstream problem names its internal path as {@code instance}; callers should see the one they called. */
    private static Buffer publicInstance(RoutingContext rc, UpstreamResponse response, Buffer body) {
        if (!isProblem(response)) {
            return body;
        }
        try {
            io.vertx.core.json.JsonObject problem = body.toJsonObject();
            if (problem.getValue("instance") instanceof String instance && instance.startsWith(Route.INTERNAL_PREFIX)) {
                rc.response().headers().remove("Content-Length");
                return problem.put("instance", rc.normalizedPath()).toBuffer();
            }
        } catch (RuntimeException notJson) {
            // relay as is
        }
        return body;
    }

    private static void unavailable(RoutingContext rc, Throwable failure) {
        if (failure instanceof UpstreamUnavailableException down) {
            LOG.warnf("Upstream unavailable for %s %s (rid=%s): %s", rc.request().method(), rc.normalizedPath(),
                    RequestIdFilter.of(rc), down.getMessage());
            rc.response().putHeader("Retry-After", down.circuitOpen() ? "5" : "1");
            Problems.send(rc, 503, "upstream-unavailable", "Service Unavailable",
                    down.upstream().configName() + " is unavailable; try again shortly");
            return;
        }
        LOG.errorf(failure, "Unexpected failure proxying %s (rid=%s)", rc.normalizedPath(), RequestIdFilter.of(rc));
        Problems.send(rc, 500, "internal-error", "Internal Server Error",
                "An unexpected error occurred; the request id identifies it in the service logs.");
    }

    private void failure(RoutingContext rc) {
        if (rc.response().ended()) {
            return;
        }
        if (TokenVerificationOutage.isOutage(rc.failure())) {
            // Quarkus OIDC has already prepared a 401 challenge; the token was never judged, so withdraw it.
            LOG.warnf("Bearer token of %s %s (rid=%s) could not be verified: no verdict from the introspection "
                    + "endpoint", rc.request().method(), rc.normalizedPath(), RequestIdFilter.of(rc));
            LOG.debug("Token verification failure", rc.failure());
            rc.response().headers().remove("WWW-Authenticate");
            rc.response().putHeader("Retry-After", "1");
            Problems.send(rc, 503, "token-verification-unavailable", "Service Unavailable",
                    "The bearer token cannot be verified right now (key-service is unavailable); try again shortly");
        } else if (rc.statusCode() == 413) {
            Problems.send(rc, 413, "payload-too-large", "Payload Too Large",
                    "The request body is larger than " + gatewayConfig.maxBodyBytes() + " bytes");
        } else if (rc.failure() instanceof AuthenticationFailedException) {
            // Expired, revoked, unknown or forged token: the token was judged and refused.
            if (IntrospectionAttempts.answered()) {
                refused.remember(JwtTenantResolver.bearer(rc));
            }
            challenge(rc);
        } else {
            rc.next();
        }
    }
}
