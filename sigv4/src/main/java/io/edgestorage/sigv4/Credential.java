package io.edgestorage.sigv4;

/**
 * The {@code Credential} of SigV4 auth: who claims to have signed, and the scope of their key.
 *
 * @param accessKeyId the access key id (everything before the four scope elements; it may itself hold {@code /})
 * @param scope       the credential scope
 */
record Credential(String accessKeyId, CredentialScope scope) {

    /**
     * Parses {@code AKID/yyyyMMdd/region/service/aws4_request}. Only its shape is checked here; whether the
     * scope is one this verifier accepts is the verifier's step.
     *
     * @param malformed the failure for a wrong shape: the header's or the query's own
     * @return the credential; {@code malformed} for a wrong shape; {@link AuthFailure#SCOPE_MISMATCH} for a
     *         terminator other than {@code aws4_request}, as S3 answers
     */
    static ParseStep<Credential> parse(String text, AuthFailure malformed) {
        int s4 = text.lastIndexOf('/');
        int s3 = s4 < 0 ? -1 : text.lastIndexOf('/', s4 - 1);
        int s2 = s3 < 0 ? -1 : text.lastIndexOf('/', s3 - 1);
        int s1 = s2 < 0 ? -1 : text.lastIndexOf('/', s2 - 1);
        if (s1 <= 0) {
            return ParseStep.rejected(malformed,
                    "Credential must be <access key id>/<date>/<region>/<service>/aws4_request: " + text);
        }
        String date = text.substring(s1 + 1, s2);
        String region = text.substring(s2 + 1, s3);
        String service = text.substring(s3 + 1, s4);
        if (!CredentialScope.isEightDigits(date) || region.isEmpty() || service.isEmpty()) {
            return ParseStep.rejected(malformed,
                    "Credential date must be yyyyMMdd and region/service non-empty: " + text);
        }
        if (!CredentialScope.TERMINATOR.equals(text.substring(s4 + 1))) {
            return ParseStep.rejected(AuthFailure.SCOPE_MISMATCH,
                    "the credential terminator is wrong; expecting 'aws4_request'");
        }
        return ParseStep.of(new Credential(text.substring(0, s1), new CredentialScope(date, region, service)));
    }
}
