package io.edgestorage.gateway.security;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.edgestorage.gateway.RouteTable;
import io.quarkus.oidc.TokenIntrospection;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Who is calling, as the Edge API sees it: an account and its scopes, from either a platform API token
 * (introspected by key-service: account = {@code sub}) or an external JWT (account = the configured
 * claim, scopes = {@code scope}).
 *
 * @param account  the account id, or null when the token names none usable
 * @param scopes   granted scopes
 * @param external true for a JWT from the external provider (its account may need creating)
 */
public record EdgePrincipal(String account, Set<String> scopes, boolean external) {

    /** What an account id may look like before it is put in a header for the services. */
    private static final Pattern ACCOUNT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,127}");
    static final String INTROSPECTION_ATTRIBUTE = "introspection";

    public boolean hasScope(String scope) {
        return scopes.contains(scope);
    }

    /**
     * The Edge API scopes held, space-separated, for {@code X-Edge-Scopes}: key-service issues no token with
     * more. Anything else a provider put in {@code scope} ({@code openid}, {@code email}…) is left out.
     */
    public String edgeScopes() {
        return RouteTable.SCOPES.stream().filter(scopes::contains).collect(Collectors.joining(" "));
    }

    public static EdgePrincipal from(SecurityIdentity identity, String accountClaim) {
        if (identity.getAttribute(INTROSPECTION_ATTRIBUTE) instanceof TokenIntrospection introspection) {
            String sub = introspection.getSubject();
            return new EdgePrincipal(sane(sub), scopes(introspection.getString("scope")), false);
        }
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            Object account = jwt.getClaim(accountClaim);
            Object scope = jwt.getClaim("scope");
            return new EdgePrincipal(sane(account == null ? null : stringOf(account)), scopes(scope), true);
        }
        return new EdgePrincipal(null, Set.of(), false);
    }

    private static String stringOf(Object claim) {
        // JSON string claims arrive as jakarta.json.JsonString from some token parsers
        String s = claim.toString();
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    static String sane(String account) {
        return account != null && ACCOUNT_ID.matcher(account).matches() ? account : null;
    }

    static Set<String> scopes(Object claim) {
        Set<String> result = new LinkedHashSet<>();
        if (claim instanceof Collection<?> values) {
            values.forEach(v -> result.add(stringOf(v)));
        } else if (claim != null) {
            for (String s : stringOf(claim).split(" ")) {
                if (!s.isBlank()) {
                    result.add(s);
                }
            }
        }
        return Set.copyOf(result);
    }
}
