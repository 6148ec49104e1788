package io.edgestorage.common.internal;

import static io.edgestorage.common.internal.InternalCaller.API_GATEWAY;
import static io.edgestorage.common.internal.InternalCaller.OBJECT_SERVICE;
import static io.edgestorage.common.internal.InternalCaller.OPERATOR;
import static io.edgestorage.common.internal.InternalCaller.PRESIGN_SERVICE;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The one table of which caller may call which internal route of which service (docs/internal-api.md shows
 * the same table). Anything not listed is refused with 403, so a new route is closed until it is added here.
 * Paths are patterns of segments: {@code *} is one segment.
 */
public final class InternalAccessPolicy {

    public static final String KEY_SERVICE = "key-service";
    public static final String OBJECT_SERVICE_NAME = "object-service";
    public static final String PRESIGN_SERVICE_NAME = "presign-service";

    /** One line of the table: {@code caller} may send {@code methods} to {@code path} on {@code service}. */
    public record Rule(String service, InternalCaller caller, Set<String> methods, String path) {

        boolean matches(String targetService, InternalCaller who, String method, String requestPath) {
            return service.equals(targetService) && caller == who && methods.contains(method)
                    && pathMatches(path, requestPath);
        }
    }

    public static final List<Rule> RULES = List.of(
            // key-service: the gateway manages accounts, keys and tokens and introspects bearer tokens ...
            rule(KEY_SERVICE, API_GATEWAY, "GET POST", "/internal/v1/keys"),
            rule(KEY_SERVICE, API_GATEWAY, "POST", "/internal/v1/keys/*/rotate"),
            rule(KEY_SERVICE, API_GATEWAY, "DELETE", "/internal/v1/keys/*"),
            rule(KEY_SERVICE, API_GATEWAY, "GET POST", "/internal/v1/tokens"),
            rule(KEY_SERVICE, API_GATEWAY, "DELETE", "/internal/v1/tokens/*"),
            rule(KEY_SERVICE, API_GATEWAY, "GET POST", "/internal/v1/admin/accounts"),
            rule(KEY_SERVICE, API_GATEWAY, "PUT", "/internal/v1/accounts/*"),
            rule(KEY_SERVICE, API_GATEWAY, "POST", "/internal/v1/introspect"),
            // ... only the verifiers get signing keys and SigV2 verdicts ...
            rule(KEY_SERVICE, OBJECT_SERVICE, "GET", "/internal/v1/signing-keys/*"),
            rule(KEY_SERVICE, OBJECT_SERVICE, "POST", "/internal/v1/sigv2/verify"),
            rule(KEY_SERVICE, PRESIGN_SERVICE, "GET", "/internal/v1/presign-keys"),
            // ... and re-encryption under a new master key is an operator's call.
            rule(KEY_SERVICE, OPERATOR, "POST", "/internal/v1/maintenance/re-encrypt"),
            // object-service: the gateway manages buckets, CORS, access, grants and object revocations; presign-service
            // checks ownership and records the grants it issues (only it: a recorded grant is an issued URL).
            rule(OBJECT_SERVICE_NAME, API_GATEWAY, "GET POST", "/internal/v1/buckets"),
            rule(OBJECT_SERVICE_NAME, API_GATEWAY, "GET DELETE", "/internal/v1/buckets/*"),
            rule(OBJECT_SERVICE_NAME, API_GATEWAY, "GET PUT DELETE", "/internal/v1/buckets/*/cors"),
            rule(OBJECT_SERVICE_NAME, API_GATEWAY, "GET PUT", "/internal/v1/buckets/*/access"),
            rule(OBJECT_SERVICE_NAME, API_GATEWAY, "GET POST", "/internal/v1/buckets/*/revocations"),
            rule(OBJECT_SERVICE_NAME, API_GATEWAY, "GET", "/internal/v1/grants"),
            rule(OBJECT_SERVICE_NAME, API_GATEWAY, "GET DELETE", "/internal/v1/grants/*"),
            rule(OBJECT_SERVICE_NAME, PRESIGN_SERVICE, "GET", "/internal/v1/buckets/*"),
            rule(OBJECT_SERVICE_NAME, PRESIGN_SERVICE, "POST", "/internal/v1/grants"),
            // presign-service: presigning is an Edge API call, so only through the gateway.
            rule(PRESIGN_SERVICE_NAME, API_GATEWAY, "POST", "/internal/v1/buckets/*/presign"));

    private InternalAccessPolicy() {
    }

    private static Rule rule(String service, InternalCaller caller, String methods, String path) {
        return new Rule(service, caller, Set.of(methods.split(" ")), path);
    }

    public static boolean allows(String service, InternalCaller caller, String method, String path) {
        for (Rule rule : RULES) {
            if (rule.matches(service, caller, method, path)) {
                return true;
            }
        }
        return false;
    }

    /** The callers that may call {@code service} at all: the credentials that service must know. */
    public static Set<InternalCaller> callersOf(String service) {
        Set<InternalCaller> callers = EnumSet.noneOf(InternalCaller.class);
        RULES.stream().filter(r -> r.service().equals(service)).forEach(r -> callers.add(r.caller()));
        return callers;
    }

    static boolean pathMatches(String pattern, String path) {
        String[] want = pattern.split("/", -1);
        String[] got = path.split("/", -1);
        if (want.length != got.length) {
            return false;
        }
        for (int i = 0; i < want.length; i++) {
            boolean any = want[i].equals("*") && !got[i].isEmpty();
            if (!any && !want[i].equals(got[i])) {
                return false;
            }
        }
        return true;
    }
}
