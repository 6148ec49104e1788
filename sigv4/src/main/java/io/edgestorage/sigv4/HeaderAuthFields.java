package io.edgestorage.sigv4;

import java.util.List;

/**
 * The three components of a SigV4 {@code Authorization} header
 * ({@code AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…}), each given exactly once.
 *
 * @param credential    the {@code Credential} component
 * @param signedHeaders the {@code SignedHeaders} component
 * @param signature     the {@code Signature} component: 64 hex digits, as sent
 */
record HeaderAuthFields(String credential, String signedHeaders, String signature) {

    private static final List<String> COMPONENTS = List.of("Credential", "SignedHeaders", "Signature");

    /**
     * Reads the one {@code Authorization} header.
     *
     * @param authorization every {@code Authorization} header of the request (at least one)
     * @return the fields; {@link AuthFailure#UNSUPPORTED_ALGORITHM} for another scheme; otherwise
     *         {@link AuthFailure#MALFORMED_HEADER} for two headers, a component that is unknown, repeated,
     *         missing or without {@code =}, or a signature that is not 64 hex digits
     */
    static ParseStep<HeaderAuthFields> parse(List<String> authorization) {
        if (authorization.size() > 1) {
            return ParseStep.rejected(AuthFailure.MALFORMED_HEADER, "more than one Authorization header");
        }
        String value = authorization.get(0).trim();
        int space = value.indexOf(' ');
        String algorithm = space < 0 ? value : value.substring(0, space);
        if (!SigV4.ALGORITHM.equals(algorithm)) {
            return ParseStep.rejected(AuthFailure.UNSUPPORTED_ALGORITHM, "Unsupported Authorization Type: " + algorithm);
        }
        return parseComponents(value.substring(space + 1));
    }

    /** {@code name=value} components separated by commas, in any order. */
    private static ParseStep<HeaderAuthFields> parseComponents(String text) {
        String[] values = new String[COMPONENTS.size()];
        for (String part : text.split(",", -1)) {
            String component = part.trim();
            int eq = component.indexOf('=');
            if (eq < 0) {
                return ParseStep.rejected(AuthFailure.MALFORMED_HEADER, "Authorization component without '=': " + component);
            }
            String name = component.substring(0, eq);
            int index = COMPONENTS.indexOf(name);
            if (index < 0) {
                return ParseStep.rejected(AuthFailure.MALFORMED_HEADER, "unknown Authorization component " + name);
            }
            if (values[index] != null) {
                return ParseStep.rejected(AuthFailure.MALFORMED_HEADER, name + " is given more than once");
            }
            values[index] = component.substring(eq + 1);
        }
        if (values[0] == null || values[1] == null || values[2] == null) {
            return ParseStep.rejected(AuthFailure.MALFORMED_HEADER,
                    "the Authorization header needs Credential, SignedHeaders and Signature");
        }
        if (!Hex.isHex(values[2], SigV4.SIGNATURE_HEX_LENGTH)) {
            return ParseStep.rejected(AuthFailure.MALFORMED_HEADER, "Signature must be 64 hex digits");
        }
        return ParseStep.of(new HeaderAuthFields(values[0], values[1], values[2]));
    }

    /** Never shows the signature. */
    @Override
    public String toString() {
        return "HeaderAuthFields[credential=" + credential + ", signedHeaders=" + signedHeaders + "]";
    }
}
