package io.edgestorage.sigv4;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
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
     * Parses and checks everything that needs no key. The query is read once, here, and travels to
     * {@link #verify} inside the {@link ParsedSigV4Auth}.
     *
     * @param now the server's current time
     * @return a {@link ParsedSigV4Auth} to fetch the key for, or the {@link Rejected} reason
     */
    public ParsedAuth parse(HttpRequestView request, Instant now) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(now, "now");
        List<String> authorization = request.headers("authorization");
        QueryParameters query = request.query();
        boolean queryAuth = QueryAuthFields.isPresent(query);
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

    /** Query auth, step by step; each step's refusal is the answer, so the order of the steps is S3's. */
    private ParsedAuth parseQueryAuth(HttpRequestView request, QueryParameters query, Instant now) {
        ParseStep<QueryAuthFields> fields = QueryAuthFields.parse(query);
        if (fields.isRejected()) {
            return fields.rejection();
        }
        QueryAuthFields auth = fields.value();
        ParseStep<Instant> requestTime = auth.requestTime();
        if (requestTime.isRejected()) {
            return requestTime.rejection();
        }
        ParseStep<Long> expires = auth.expiresSeconds();
        if (expires.isRejected()) {
            return expires.rejection();
        }
        ParseStep<Credential> credential = credential(auth.credential(), auth.amzDate(), AuthFailure.MALFORMED_QUERY);
        if (credential.isRejected()) {
            return credential.rejection();
        }
        ParseStep<SignedHeaders> signedHeaders = SignedHeaders.parse(auth.signedHeaders(), AuthFailure.MALFORMED_QUERY);
        if (signedHeaders.isRejected()) {
            return signedHeaders.rejection();
        }
        if (!Hex.isHex(auth.signature(), SigV4.SIGNATURE_HEX_LENGTH)) {
            return Rejected.of(AuthFailure.MALFORMED_QUERY, "X-Amz-Signature must be 64 hex digits");
        }
        Rejected problem = presignedWindowProblem(requestTime.value(), expires.value(), now);
        if (problem == null) {
            problem = signedHeadersProblem(request, signedHeaders.value());
        }
        if (problem != null) {
            return problem;
        }
        ParseStep<PayloadLine> payload = PayloadLine.ofQuery(query);
        if (payload.isRejected()) {
            return payload.rejection();
        }
        return new ParsedSigV4Auth(AuthLocation.QUERY, credential.value().accessKeyId(), credential.value().scope(),
                auth.amzDate(), requestTime.value(), expires.value(), signedHeaders.value().names(),
                payload.value().mode(), payload.value().line(), auth.signature().toLowerCase(Locale.ROOT), query);
    }

    /** Header auth, step by step, in S3's order as {@link #parseQueryAuth}. */
    private ParsedAuth parseHeaderAuth(HttpRequestView request, List<String> authorization, QueryParameters query,
            Instant now) {
        ParseStep<HeaderAuthFields> fields = HeaderAuthFields.parse(authorization);
        if (fields.isRejected()) {
            return fields.rejection();
        }
        HeaderAuthFields auth = fields.value();
        String amzDate = requestDate(request);
        Instant requestTime = SigV4.parseAmzDate(amzDate);
        if (requestTime == null) {
            return Rejected.of(AuthFailure.MISSING_DATE);
        }
        ParseStep<Credential> credential = credential(auth.credential(), amzDate, AuthFailure.MALFORMED_HEADER);
        if (credential.isRejected()) {
            return credential.rejection();
        }
        ParseStep<SignedHeaders> signedHeaders = SignedHeaders.parse(auth.signedHeaders(), AuthFailure.MALFORMED_HEADER);
        if (signedHeaders.isRejected()) {
            return signedHeaders.rejection();
        }
        if (Duration.between(requestTime, now).abs().compareTo(maxClockSkew) > 0) {
            return Rejected.of(AuthFailure.CLOCK_SKEW);
        }
        Rejected headerProblem = signedHeadersProblem(request, signedHeaders.value());
        if (headerProblem != null) {
            return headerProblem;
        }
        ParseStep<PayloadLine> payload = PayloadLine.ofHeaders(request, requireContentSha256);
        if (payload.isRejected()) {
            return payload.rejection();
        }
        return new ParsedSigV4Auth(AuthLocation.HEADER, credential.value().accessKeyId(), credential.value().scope(),
                amzDate, requestTime, 0, signedHeaders.value().names(), payload.value().mode(), payload.value().line(),
                auth.signature().toLowerCase(Locale.ROOT), query);
    }

    /** The credential, if its scope is one this verifier accepts and its day is the request's. */
    private ParseStep<Credential> credential(String text, String amzDate, AuthFailure malformed) {
        ParseStep<Credential> credential = Credential.parse(text, malformed);
        if (credential.isRejected()) {
            return credential;
        }
        CredentialScope scope = credential.value().scope();
        if (!service.equals(scope.service())) {
            return ParseStep.rejected(AuthFailure.SCOPE_MISMATCH,
                    "the service '" + scope.service() + "' is wrong; expecting '" + service + "'");
        }
        if (!anyRegion && !regions.contains(scope.region())) {
            return ParseStep.rejected(AuthFailure.SCOPE_MISMATCH,
                    "the region '" + scope.region() + "' is wrong; expecting " + regions);
        }
        if (!amzDate.startsWith(scope.date())) {
            return ParseStep.rejected(AuthFailure.SCOPE_MISMATCH,
                    "Invalid credential date. Date is not the same as X-Amz-Date.");
        }
        return credential;
    }

    /**
     * A presigned URL lives exactly its X-Amz-Expires: no clock-skew grace on the expiry side. Dated at most
     * the tolerance (<= 15 min) ahead, it can be used for at most 7 days + 15 min from any moment.
     *
     * @return why {@code now} is outside the URL's life, or null
     */
    private Rejected presignedWindowProblem(Instant requestTime, long expiresSeconds, Instant now) {
        if (now.isBefore(requestTime.minus(presignedFutureTolerance))) {
            return Rejected.of(AuthFailure.NOT_YET_VALID);
        }
        if (now.isAfter(requestTime.plusSeconds(expiresSeconds))) {
            return Rejected.of(AuthFailure.EXPIRED);
        }
        return null;
    }

    /** Why the signed headers do not cover the request (host, each one sent, every x-amz-*), or null. */
    private Rejected signedHeadersProblem(HttpRequestView request, SignedHeaders signedHeaders) {
        if (!signedHeaders.contains("host")) {
            return Rejected.of(AuthFailure.HOST_NOT_SIGNED);
        }
        for (String name : signedHeaders.names()) {
            if (request.headers(name).isEmpty()) {
                return Rejected.of(AuthFailure.SIGNED_HEADER_MISSING, "signed header '" + name + "' is not present in the request");
            }
        }
        if (requireAmzHeadersSigned) {
            for (String name : request.headerNames()) {
                if (name.startsWith("x-amz-") && !signedHeaders.contains(name)) {
                    return Rejected.of(AuthFailure.HEADERS_NOT_SIGNED, AuthFailure.HEADERS_NOT_SIGNED.message() + ": " + name);
                }
            }
        }
        return null;
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

    // ---------------------------------------------------------------- step 2: verify (with key)

    /**
     * Recomputes the signature with {@code key} and compares it in constant time. The canonical request
     * is built from {@code request}'s method, path and headers and from the query {@code auth} carries.
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
        CanonicalRequest canonicalRequest = CanonicalRequest.of(parsed, request);
        String stringToSign = canonicalRequest.stringToSign(parsed.amzDate(), parsed.scope());
        String expected = key.signHex(stringToSign);
        if (!SigV4.signaturesEqual(expected, parsed.signature())) {
            return new Rejected(AuthFailure.SIGNATURE_MISMATCH, AuthFailure.SIGNATURE_MISMATCH.message(),
                    canonicalRequest.text(), stringToSign);
        }
        return new Verified(parsed.accessKeyId(), parsed.scope(), parsed.signedHeaders(), parsed.payloadMode(),
                parsed.payloadHash(), parsed.signature(), parsed.requestTime(), parsed.location());
    }

    /** The text of the canonical request the signature of {@code auth} must cover, as S3 computes it. */
    public String canonicalRequest(ParsedSigV4Auth auth, HttpRequestView request) {
        return CanonicalRequest.of(auth, request).text();
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
