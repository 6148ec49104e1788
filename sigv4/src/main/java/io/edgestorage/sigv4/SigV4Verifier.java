package io.edgestorage.sigv4;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

import io.edgestorage.sigv4.Verification.Rejected;
import io.edgestorage.sigv4.Verification.Verified;

/**
 * Verifies SigV4 header auth and query auth (presigned URLs) in two steps, so a caller can fetch the
 * signing key asynchronously in between:
 *
 * <ol>
 * <li>{@link #parse(HttpRequestView, Instant)}: syntax, algorithm, credential scope, time window,
 * signed-header rules. No key needed. Returns {@link ParsedSigV4Auth} or {@link Rejected}.</li>
 * <li>{@link #verify(ParsedAuth, HttpRequestView, SigningKey)}: canonical request, string to sign,
 * constant-time signature comparison. Returns {@link Verified} or {@link Rejected}.</li>
 * </ol>
 *
 * Neither step throws for any request content. Immutable and thread-safe.
 */
public final class SigV4Verifier {

    /** S3's header-auth clock-skew window. Presigned URLs are never subject to it. */
    public static final Duration DEFAULT_MAX_CLOCK_SKEW = Duration.ofMinutes(15);
    /** Accept every region (for deployments that do not care which region clients configure). */
    public static final String ANY_REGION = "*";

    private static final String ALGORITHM_PARAM = "X-Amz-Algorithm";
    private static final String CREDENTIAL_PARAM = "X-Amz-Credential";
    private static final String DATE_PARAM = "X-Amz-Date";
    private static final String EXPIRES_PARAM = "X-Amz-Expires";
    private static final String SIGNED_HEADERS_PARAM = "X-Amz-SignedHeaders";
    static final String SIGNATURE_PARAM = "X-Amz-Signature";
    private static final String CONTENT_SHA256_PARAM = "X-Amz-Content-Sha256";
    private static final String CONTENT_SHA256_HEADER = "x-amz-content-sha256";
    private static final String[] AUTH_PARAMS = {ALGORITHM_PARAM, CREDENTIAL_PARAM, DATE_PARAM, EXPIRES_PARAM,
        SIGNED_HEADERS_PARAM, SIGNATURE_PARAM};

    private final Set<String> regions;
    private final boolean anyRegion;
    private final String service;
    private final Duration maxClockSkew;
    private final Duration presignedFutureTolerance;
    private final boolean requireContentSha256;
    private final boolean requireAmzHeadersSigned;

    private SigV4Verifier(Builder b) {
        this.regions = Set.copyOf(b.regions);
        this.anyRegion = regions.contains(ANY_REGION);
        this.service = b.service;
        this.maxClockSkew = b.maxClockSkew;
        this.presignedFutureTolerance = b.presignedFutureTolerance;
        this.requireContentSha256 = b.requireContentSha256;
        this.requireAmzHeadersSigned = b.requireAmzHeadersSigned;
    }

    /** S3 defaults: region {@code us-east-1}, service {@code s3}, 15-minute skew for header auth. */
    public static SigV4Verifier s3Defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    // ---------------------------------------------------------------- step 1: parse (no key)

    /**
     * Parses and checks everything that needs no key.
     *
     * @param now the server's current time
     * @return a {@link ParsedSigV4Auth} to fetch the key for, or the {@link Rejected} reason
     */
    public ParsedAuth parse(HttpRequestView request, Instant now) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(now, "now");
        List<String> authorization = request.headers("authorization");
        QueryParameters query = request.query();
        boolean queryAuth = query.contains(ALGORITHM_PARAM) || query.contains(CREDENTIAL_PARAM)
                || query.contains(SIGNATURE_PARAM);
        boolean queryV2 = query.contains("AWSAccessKeyId") || query.contains("Signature");
        if (!authorization.isEmpty() && (queryAuth || queryV2) || (queryAuth && queryV2)) {
            return Rejected.of(AuthFailure.MULTIPLE_AUTH_MECHANISMS);
        }
        if (queryAuth) {
            return parseQueryAuth(request, query, now);
        }
        if (!authorization.isEmpty()) {
            return parseHeaderAuth(request, authorization, query, now);
        }
        if (queryV2) {
            return Rejected.of(AuthFailure.UNSUPPORTED_ALGORITHM, "Signature V2 query auth is handled by SigV2Verifier");
        }
        return Rejected.of(AuthFailure.MISSING_AUTHENTICATION);
    }

    private ParsedAuth parseQueryAuth(HttpRequestView request, QueryParameters query, Instant now) {
        // One pass over the parameters picks out the six auth parameters (SDK URLs have ~7 in all).
        QueryParameters.Parameter[] found = new QueryParameters.Parameter[AUTH_PARAMS.length];
        for (QueryParameters.Parameter p : query.all()) {
            int index = authParamIndex(p.name());
            if (index >= 0) {
                if (found[index] != null) {
                    return Rejected.of(AuthFailure.MALFORMED_QUERY, AUTH_PARAMS[index] + " is given more than once");
                }
                found[index] = p;
            }
        }
        String[] values = new String[AUTH_PARAMS.length];
        for (int i = 0; i < AUTH_PARAMS.length; i++) {
            if (found[i] == null) {
                return Rejected.of(AuthFailure.MISSING_QUERY_PARAMETER, AUTH_PARAMS[i] + " is missing. "
                        + AuthFailure.MISSING_QUERY_PARAMETER.defaultMessage());
            }
            values[i] = found[i].value();
        }
        if (!SigV4.ALGORITHM.equals(values[0])) {
            return Rejected.of(AuthFailure.UNSUPPORTED_ALGORITHM, "X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"");
        }
        String amzDate = values[2];
        Instant requestTime = SigV4.parseAmzDate(amzDate);
        if (requestTime == null) {
            return Rejected.of(AuthFailure.MALFORMED_QUERY, "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");
        }
        long expires = parseExpires(values[3]);
        if (expires == Long.MIN_VALUE) {
            return Rejected.of(AuthFailure.MALFORMED_QUERY, "X-Amz-Expires should be a number");
        }
        if (expires <= 0) {
            return Rejected.of(AuthFailure.EXPIRES_NOT_POSITIVE);
        }
        if (expires > PresignRequest.MAX_EXPIRES_SECONDS) {
            return Rejected.of(AuthFailure.EXPIRES_TOO_LONG);
        }
        Object credential = parseCredential(values[1], amzDate, AuthFailure.MALFORMED_QUERY);
        if (credential instanceof Rejected rejected) {
            return rejected;
        }
        Credential cred = (Credential) credential;
        Object signedHeaders = parseSignedHeaders(values[4], AuthFailure.MALFORMED_QUERY);
        if (signedHeaders instanceof Rejected rejected) {
            return rejected;
        }
        String signature = values[5];
        if (!Hex.isHex(signature, SigV4.SIGNATURE_HEX_LENGTH)) {
            return Rejected.of(AuthFailure.MALFORMED_QUERY, "X-Amz-Signature must be 64 hex digits");
        }
        // A presigned URL lives exactly its X-Amz-Expires: no clock-skew grace on the expiry side. Dated at most
        // the tolerance (<= 15 min) ahead, it can be used for at most 7 days + 15 min from any moment.
        if (now.isBefore(requestTime.minus(presignedFutureTolerance))) {
            return Rejected.of(AuthFailure.NOT_YET_VALID);
        }
        if (now.isAfter(requestTime.plusSeconds(expires))) {
            return Rejected.of(AuthFailure.EXPIRED);
        }
        @SuppressWarnings("unchecked")
        List<String> headers = (List<String>) signedHeaders;
        Rejected headerProblem = checkSignedHeaders(request, headers);
        if (headerProblem != null) {
            return headerProblem;
        }
        String payloadLine = PayloadMode.UNSIGNED_PAYLOAD.literal();
        List<QueryParameters.Parameter> contentSha = query.all(CONTENT_SHA256_PARAM);
        if (contentSha.size() > 1) {
            return Rejected.of(AuthFailure.MALFORMED_QUERY, "X-Amz-Content-Sha256 is given more than once");
        }
        if (contentSha.size() == 1) {
            payloadLine = contentSha.get(0).value();
        }
        PayloadMode mode = PayloadMode.fromPayloadLine(payloadLine);
        if (mode == null || mode.isStreaming()) {
            return Rejected.of(AuthFailure.INVALID_CONTENT_SHA256);
        }
        return new ParsedSigV4Auth(AuthLocation.QUERY, cred.accessKeyId, cred.scope, amzDate, requestTime, expires,
                headers, mode, payloadLine, signature.toLowerCase(Locale.ROOT));
    }

    private ParsedAuth parseHeaderAuth(HttpRequestView request, List<String> authorization, QueryParameters query,
            Instant now) {
        if (authorization.size() > 1) {
            return Rejected.of(AuthFailure.MALFORMED_HEADER, "more than one Authorization header");
        }
        String value = authorization.get(0).trim();
        int space = value.indexOf(' ');
        String algorithm = space < 0 ? value : value.substring(0, space);
        if (!SigV4.ALGORITHM.equals(algorithm)) {
            return Rejected.of(AuthFailure.UNSUPPORTED_ALGORITHM, "Unsupported Authorization Type: " + algorithm);
        }
        String credentialText = null;
        String signedHeadersText = null;
        String signature = null;
        for (String part : value.substring(space + 1).split(",", -1)) {
            String component = part.trim();
            int eq = component.indexOf('=');
            if (eq < 0) {
                return Rejected.of(AuthFailure.MALFORMED_HEADER, "Authorization component without '=': " + component);
            }
            String name = component.substring(0, eq);
            String componentValue = component.substring(eq + 1);
            boolean repeated;
            switch (name) {
                case "Credential" -> {
                    repeated = credentialText != null;
                    credentialText = componentValue;
                }
                case "SignedHeaders" -> {
                    repeated = signedHeadersText != null;
                    signedHeadersText = componentValue;
                }
                case "Signature" -> {
                    repeated = signature != null;
                    signature = componentValue;
                }
                default -> {
                    return Rejected.of(AuthFailure.MALFORMED_HEADER, "unknown Authorization component " + name);
                }
            }
            if (repeated) {
                return Rejected.of(AuthFailure.MALFORMED_HEADER, name + " is given more than once");
            }
        }
        if (credentialText == null || signedHeadersText == null || signature == null) {
            return Rejected.of(AuthFailure.MALFORMED_HEADER,
                    "the Authorization header needs Credential, SignedHeaders and Signature");
        }
        if (!Hex.isHex(signature, SigV4.SIGNATURE_HEX_LENGTH)) {
            return Rejected.of(AuthFailure.MALFORMED_HEADER, "Signature must be 64 hex digits");
        }
        String amzDate = requestDate(request);
        Instant requestTime = SigV4.parseAmzDate(amzDate);
        if (requestTime == null) {
            return Rejected.of(AuthFailure.MISSING_DATE);
        }
        Object credential = parseCredential(credentialText, amzDate, AuthFailure.MALFORMED_HEADER);
        if (credential instanceof Rejected rejected) {
            return rejected;
        }
        Credential cred = (Credential) credential;
        Object signedHeaders = parseSignedHeaders(signedHeadersText, AuthFailure.MALFORMED_HEADER);
        if (signedHeaders instanceof Rejected rejected) {
            return rejected;
        }
        if (Duration.between(requestTime, now).abs().compareTo(maxClockSkew) > 0) {
            return Rejected.of(AuthFailure.CLOCK_SKEW);
        }
        @SuppressWarnings("unchecked")
        List<String> headers = (List<String>) signedHeaders;
        Rejected headerProblem = checkSignedHeaders(request, headers);
        if (headerProblem != null) {
            return headerProblem;
        }
        List<String> contentSha = request.headers(CONTENT_SHA256_HEADER);
        String payloadLine;
        if (contentSha.isEmpty()) {
            if (requireContentSha256) {
                return Rejected.of(AuthFailure.MISSING_CONTENT_SHA256);
            }
            payloadLine = SigV4.EMPTY_BODY_SHA256; // generic SigV4 services: a body-less request
        } else if (contentSha.size() > 1) {
            return Rejected.of(AuthFailure.INVALID_CONTENT_SHA256, "x-amz-content-sha256 is given more than once");
        } else {
            payloadLine = contentSha.get(0).trim();
        }
        PayloadMode mode = PayloadMode.fromPayloadLine(payloadLine);
        if (mode == null) {
            return Rejected.of(AuthFailure.INVALID_CONTENT_SHA256);
        }
        return new ParsedSigV4Auth(AuthLocation.HEADER, cred.accessKeyId, cred.scope, amzDate, requestTime, 0,
                headers, mode, payloadLine, signature.toLowerCase(Locale.ROOT));
    }

    private record Credential(String accessKeyId, CredentialScope scope) {
    }

    /** {@code AKID/yyyyMMdd/region/service/aws4_request}, checked against the accepted scope and request day. */
    private Object parseCredential(String text, String amzDate, AuthFailure malformed) {
        int s4 = text.lastIndexOf('/');
        int s3 = s4 < 0 ? -1 : text.lastIndexOf('/', s4 - 1);
        int s2 = s3 < 0 ? -1 : text.lastIndexOf('/', s3 - 1);
        int s1 = s2 < 0 ? -1 : text.lastIndexOf('/', s2 - 1);
        if (s1 <= 0) {
            return Rejected.of(malformed, "Credential must be <access key id>/<date>/<region>/<service>/aws4_request: " + text);
        }
        String accessKeyId = text.substring(0, s1);
        String date = text.substring(s1 + 1, s2);
        String region = text.substring(s2 + 1, s3);
        String scopeService = text.substring(s3 + 1, s4);
        String terminator = text.substring(s4 + 1);
        if (!CredentialScope.isEightDigits(date) || region.isEmpty() || scopeService.isEmpty()) {
            return Rejected.of(malformed, "Credential date must be yyyyMMdd and region/service non-empty: " + text);
        }
        if (!CredentialScope.TERMINATOR.equals(terminator)) {
            return Rejected.of(AuthFailure.SCOPE_MISMATCH, "the credential terminator is wrong; expecting 'aws4_request'");
        }
        if (!service.equals(scopeService)) {
            return Rejected.of(AuthFailure.SCOPE_MISMATCH, "the service '" + scopeService + "' is wrong; expecting '" + service + "'");
        }
        if (!anyRegion && !regions.contains(region)) {
            return Rejected.of(AuthFailure.SCOPE_MISMATCH, "the region '" + region + "' is wrong; expecting " + regions);
        }
        if (!amzDate.startsWith(date)) {
            return Rejected.of(AuthFailure.SCOPE_MISMATCH, "Invalid credential date. Date is not the same as X-Amz-Date.");
        }
        return new Credential(accessKeyId, new CredentialScope(date, region, scopeService));
    }

    /** Lower-case, non-empty, {@code ;}-separated names without duplicates. */
    private static Object parseSignedHeaders(String text, AuthFailure malformed) {
        if (text.isEmpty()) {
            return Rejected.of(malformed, "SignedHeaders is empty");
        }
        List<String> names = new ArrayList<>(4);
        int start = 0;
        while (true) {
            int semi = text.indexOf(';', start);
            String name = semi < 0 ? text.substring(start) : text.substring(start, semi);
            if (name.isEmpty() || !isLowerCaseToken(name) || names.contains(name)) {
                return Rejected.of(malformed, "SignedHeaders must be distinct lower-case header names: " + text);
            }
            names.add(name);
            if (semi < 0) {
                return names;
            }
            start = semi + 1;
        }
    }

    private Rejected checkSignedHeaders(HttpRequestView request, List<String> signedHeaders) {
        if (!signedHeaders.contains("host")) {
            return Rejected.of(AuthFailure.HOST_NOT_SIGNED);
        }
        for (String name : signedHeaders) {
            if (request.headers(name).isEmpty()) {
                return Rejected.of(AuthFailure.SIGNED_HEADER_MISSING, "signed header '" + name + "' is not present in the request");
            }
        }
        if (requireAmzHeadersSigned) {
            for (String name : request.headerNames()) {
                if (name.startsWith("x-amz-") && !signedHeaders.contains(name)) {
                    return Rejected.of(AuthFailure.HEADERS_NOT_SIGNED, AuthFailure.HEADERS_NOT_SIGNED.defaultMessage() + ": " + name);
                }
            }
        }
        return null;
    }

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

    /** {@code x-amz-date}, else the {@code Date} header converted to the SigV4 form; null if neither parses. */
    private static String requestDate(HttpRequestView request) {
        List<String> amzDate = request.headers("x-amz-date");
        if (amzDate.size() == 1) {
            return amzDate.get(0).trim();
        }
        if (!amzDate.isEmpty()) {
            return null;
        }
        String date = request.firstHeader("date");
        if (date == null) {
            return null;
        }
        try {
            return SigV4.formatAmzDate(ZonedDateTime.parse(date.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static int authParamIndex(String name) {
        if (!name.startsWith("X-Amz-")) {
            return -1;
        }
        for (int i = 0; i < AUTH_PARAMS.length; i++) {
            if (AUTH_PARAMS[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** The value, or Long.MIN_VALUE if it is not a plain decimal integer. */
    private static long parseExpires(String text) {
        if (text.isEmpty() || text.length() > 12) {
            return Long.MIN_VALUE;
        }
        int i = text.charAt(0) == '-' ? 1 : 0;
        if (i == text.length()) {
            return Long.MIN_VALUE;
        }
        long v = 0;
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return Long.MIN_VALUE;
            }
            v = v * 10 + (c - '0');
        }
        return text.charAt(0) == '-' ? -v : v;
    }

    // ---------------------------------------------------------------- step 2: verify (with key)

    /**
     * Recomputes the signature with {@code key} and compares it in constant time.
     *
     * @param auth the result of {@link #parse}; a {@link Rejected} is returned unchanged
     * @param key  the signing key for {@code auth}'s access key id and scope
     */
    public Verification verify(ParsedAuth auth, HttpRequestView request, SigningKey key) {
        if (auth instanceof Rejected rejected) {
            return rejected;
        }
        ParsedSigV4Auth parsed = (ParsedSigV4Auth) auth;
        if (key == null || !key.scope().equals(parsed.scope())) {
            return Rejected.of(AuthFailure.SIGNING_KEY_SCOPE_MISMATCH,
                    "the signing key is not for scope " + parsed.scope());
        }
        String canonicalRequest = canonicalRequest(parsed, request);
        String stringToSign = SigV4.stringToSign(parsed.amzDate(), parsed.scope(), canonicalRequest);
        String expected = key.signHex(stringToSign);
        if (!SigV4.signaturesEqual(expected, parsed.signature())) {
            return new Rejected(AuthFailure.SIGNATURE_MISMATCH, AuthFailure.SIGNATURE_MISMATCH.defaultMessage(),
                    canonicalRequest, stringToSign);
        }
        return new Verified(parsed.accessKeyId(), parsed.scope(), parsed.signedHeaders(), parsed.payloadMode(),
                parsed.payloadHash(), parsed.signature(), parsed.requestTime(), parsed.location());
    }

    /** The canonical request the signature of {@code auth} must cover, as S3 computes it. */
    public String canonicalRequest(ParsedSigV4Auth auth, HttpRequestView request) {
        String canonicalQuery = request.query().canonical(auth.location() == AuthLocation.QUERY ? SIGNATURE_PARAM : null);
        return SigV4.canonicalRequest(request.method(), SigV4.canonicalUri(request.rawPath()), canonicalQuery,
                SigV4.canonicalHeaders(request, auth.signedHeaders()), SigV4.signedHeadersLine(auth.signedHeaders()),
                auth.payloadHash());
    }

    /** Configuration; every setting has the S3 default. */
    public static final class Builder {
        private Set<String> regions = Set.of("us-east-1");
        private String service = "s3";
        private Duration maxClockSkew = DEFAULT_MAX_CLOCK_SKEW;
        private Duration presignedFutureTolerance = DEFAULT_MAX_CLOCK_SKEW;
        private boolean requireContentSha256 = true;
        private boolean requireAmzHeadersSigned = true;

        /** Accepted regions; {@value #ANY_REGION} accepts any. Default {@code us-east-1}. */
        public Builder regions(Set<String> regions) {
            if (regions.isEmpty()) {
                throw new IllegalArgumentException("at least one region");
            }
            this.regions = Set.copyOf(regions);
            return this;
        }

        /** The service in the credential scope. Default {@code s3}. */
        public Builder service(String service) {
            this.service = Objects.requireNonNull(service);
            return this;
        }

        /** Header-auth clock skew window. Default 15 minutes. */
        public Builder maxClockSkew(Duration maxClockSkew) {
            this.maxClockSkew = Objects.requireNonNull(maxClockSkew);
            return this;
        }

        /**
         * How far in the future a presigned URL's {@code X-Amz-Date} may lie (the signer's clock running
         * ahead) before it is {@link AuthFailure#NOT_YET_VALID}. Default and maximum 15 minutes: a URL dated
         * further ahead would live longer than 7 days after it was made. Expiry gets no grace.
         */
        public Builder presignedFutureTolerance(Duration tolerance) {
            if (tolerance.isNegative() || tolerance.compareTo(DEFAULT_MAX_CLOCK_SKEW) > 0) {
                throw new IllegalArgumentException("presignedFutureTolerance must be between 0 and "
                        + DEFAULT_MAX_CLOCK_SKEW + ": " + tolerance);
            }
            this.presignedFutureTolerance = tolerance;
            return this;
        }

        /** Whether header auth must carry {@code x-amz-content-sha256} (S3: yes). Default true. */
        public Builder requireContentSha256(boolean require) {
            this.requireContentSha256 = require;
            return this;
        }

        /** Whether every {@code x-amz-*} header present must be signed (S3: yes). Default true. */
        public Builder requireAmzHeadersSigned(boolean require) {
            this.requireAmzHeadersSigned = require;
            return this;
        }

        public SigV4Verifier build() {
            return new SigV4Verifier(this);
        }
    }
}
