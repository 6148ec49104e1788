package io.edgestorage.sigv4;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code SignedHeaders} list of SigV4 auth: distinct lower-case header names, in the order signed.
 *
 * @param names the header names, in the order sent
 */
record SignedHeaders(List<String> names) {

    SignedHeaders {
        names = List.copyOf(names);
    }

    /**
     * Parses a {@code ;}-separated list of lower-case, non-empty, distinct header names.
     *
     * @param malformed the failure for a bad list: the header's or the query's own
     */
    static ParseStep<SignedHeaders> parse(String text, AuthFailure malformed) {
        if (text.isEmpty()) {
            return ParseStep.rejected(malformed, "SignedHeaders is empty");
        }
        List<String> names = new ArrayList<>(4);
        int start = 0;
        while (true) {
            int semi = text.indexOf(';', start);
            String name = semi < 0 ? text.substring(start) : text.substring(start, semi);
            if (name.isEmpty() || !isLowerCaseToken(name) || names.contains(name)) {
                return ParseStep.rejected(malformed, "SignedHeaders must be distinct lower-case header names: " + text);
            }
            names.add(name);
            if (semi < 0) {
                return ParseStep.of(new SignedHeaders(names));
            }
            start = semi + 1;
        }
    }

    boolean contains(String name) {
        return names.contains(name);
    }

    /** An HTTP token (RFC 9110) without upper-case letters: header names are signed lower-case. */
    private static boolean isLowerCaseToken(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.'
                    || c == '!' || c == '#' || c == '$' || c == '%' || c == '&' || c == '\'' || c == '*'
                    || c == '+' || c == '^' || c == '`' || c == '|' || c == '~';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
