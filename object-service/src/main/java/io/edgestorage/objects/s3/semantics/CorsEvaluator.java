package io.edgestorage.objects.s3.semantics;

import java.util.List;
import java.util.Locale;

import io.edgestorage.objects.CorsRule;

/** S3's CORS rule matching: the first rule whose origin, method and requested headers all match wins. */
public final class CorsEvaluator {

    private CorsEvaluator() {
    }

    /**
     * @param requestHeaders the requested header names (preflight), empty for actual requests
     * @return the matching rule, or null
     */
    public static CorsRule match(List<CorsRule> rules, String origin, String method, List<String> requestHeaders) {
        if (rules == null || origin == null || method == null) {
            return null;
        }
        for (CorsRule rule : rules) {
            if (CorsValidation.problem(rule) != null) {
                // Stored before the rules were validated (a CR/LF in a header name, say): never written to a response
                continue;
            }
            if (rule.allowedOrigins().stream().noneMatch(p -> wildcardMatch(p, origin))) {
                continue;
            }
            if (rule.allowedMethods().stream().noneMatch(m -> m.equalsIgnoreCase(method))) {
                continue;
            }
            boolean headersOk = requestHeaders.stream().allMatch(h -> rule.allowedHeaders().stream()
                    .anyMatch(p -> wildcardMatch(p.toLowerCase(Locale.ROOT), h.toLowerCase(Locale.ROOT))));
            if (headersOk) {
                return rule;
            }
        }
        return null;
    }

    /** {@code *} matches any run of characters; everything else literally (case-sensitive, as S3). */
    public static boolean wildcardMatch(String pattern, String value) {
        int p = 0;
        int v = 0;
        int star = -1;
        int mark = 0;
        while (v < value.length()) {
            if (p < pattern.length() && pattern.charAt(p) != '*' && pattern.charAt(p) == value.charAt(v)) {
                p++;
                v++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                mark = v;
            } else if (star >= 0) {
                p = star + 1;
                v = ++mark;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}
