package io.edgestorage.objects.s3.semantics;

import java.util.List;
import java.util.Set;

import io.edgestorage.objects.CorsRule;
import io.netty.handler.codec.http.HttpHeaderValidationUtil;

/**
 * What a bucket's CORS rules must satisfy before they are stored: S3's limits, and values that can be
 * written into response headers as they are (a CR/LF in a header name would split the response or
 * make Vert.x refuse the header).
 */
public final class CorsValidation {

    static final int MAX_RULES = 100;
    static final int MAX_ID_LENGTH = 255;
    private static final Set<String> METHODS = Set.of("GET", "PUT", "POST", "DELETE", "HEAD");

    private CorsValidation() {
    }

    /** Why the rule set cannot be stored (a message for MalformedXML/InvalidRequest or problem+json), or null. */
    public static String problem(List<CorsRule> rules) {
        if (rules == null || rules.isEmpty()) {
            return "a CORS configuration needs at least one rule";
        }
        if (rules.size() > MAX_RULES) {
            return "a CORS configuration has at most " + MAX_RULES + " rules";
        }
        for (CorsRule r : rules) {
            String problem = problem(r);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    /** Why one rule is invalid, or null. Also used to skip rules stored before this validation existed. */
    public static String problem(CorsRule r) {
        if (r == null) {
            return "every CORS rule must be an object, not null";
        }
        if (r.id() != null && (r.id().length() > MAX_ID_LENGTH || hasControlCharacter(r.id()))) {
            return "ID must have at most " + MAX_ID_LENGTH + " characters and no control characters";
        }
        if (r.allowedOrigins().isEmpty() || r.allowedMethods().isEmpty()) {
            return "every CORS rule needs AllowedOrigin and AllowedMethod";
        }
        for (String m : r.allowedMethods()) {
            if (m == null || !METHODS.contains(m)) {
                return "Found unsupported HTTP method in CORS config. Unsupported method is " + printable(m);
            }
        }
        for (String o : r.allowedOrigins()) {
            if (o == null || hasControlCharacter(o)) {
                return "AllowedOrigin must be a string without control characters";
            }
            if (o.chars().filter(c -> c == '*').count() > 1) {
                return "AllowedOrigin '" + o + "' can not have more than one wildcard.";
            }
        }
        // '*' is itself a token character, so AllowedHeader's wildcards ("*", "x-amz-*") pass as tokens
        if (!r.allowedHeaders().stream().allMatch(CorsValidation::isHeaderName)) {
            return "every AllowedHeader must be an HTTP header name (RFC 9110 token) or contain '*'";
        }
        if (!r.exposeHeaders().stream().allMatch(CorsValidation::isHeaderName)) {
            return "every ExposeHeader must be an HTTP header name (RFC 9110 token)";
        }
        if (r.maxAgeSeconds() != null && r.maxAgeSeconds() < 0) {
            return "MaxAgeSeconds must not be negative";
        }
        return null;
    }

    static boolean isHeaderName(String name) {
        return name != null && !name.isEmpty() && HttpHeaderValidationUtil.validateToken(name) == -1;
    }

    private static boolean hasControlCharacter(String s) {
        return s.chars().anyMatch(Character::isISOControl);
    }

    /** The value for an error message, without the control characters that made it invalid. */
    private static String printable(String s) {
        return s == null ? "null" : s.replaceAll("\\p{Cntrl}", "?");
    }
}
