package io.edgestorage.sigv4.v2;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import io.edgestorage.sigv4.AuthFailure;
import io.edgestorage.sigv4.AuthLocation;
import io.edgestorage.sigv4.HttpRequestView;
import io.edgestorage.sigv4.PresignRequest;
import io.edgestorage.sigv4.QueryParameters;
import io.edgestorage.sigv4.SigV4;

/**
 * The key-free half of SigV2 verification: parses query auth ({@code AWSAccessKeyId}, {@code Signature},
 * {@code Expires}) and header auth ({@code Authorization: AWS id:signature} with {@code Date} or
 * {@code x-amz-date}), checks expiry / clock skew, and builds the string to sign exactly as botocore
 * does. The HMAC itself is checked in key-service ({@link SigV2#verify}). Never throws for request content.
 */
public final class SigV2Verifier {

    private final Duration maxClockSkew;

    /**
     * @param maxClockSkew header-auth window (S3: 15 minutes); query auth is bound by Expires, which may lie at
     *                     most 7 days plus this window ahead
     */
    public SigV2Verifier(Duration maxClockSkew) {
        this.maxClockSkew = Objects.requireNonNull(maxClockSkew);
    }

    /** With S3's 15-minute skew window. */
    public SigV2Verifier() {
        this(Duration.ofMinutes(15));
    }

    /** A path-style request: the canonicalized resource is the path. */
    public SigV2ParseResult parse(HttpRequestView request, Instant now) {
        return parse(request, null, now);
    }

    /**
     * @param hostBucket the bucket named by the Host header of a virtual-host-style request (signed as
     *                   {@code /bucket/key}), or null for a path-style request
     */
    public SigV2ParseResult parse(HttpRequestView request, String hostBucket, Instant now) {
        QueryParameters query = request.query();
        List<String> authorization = request.headers("authorization");
        boolean queryAuth = query.contains("AWSAccessKeyId") || query.contains("Signature");
        if (queryAuth && !authorization.isEmpty()) {
            return new SigV2Rejected(AuthFailure.MULTIPLE_AUTH_MECHANISMS, null);
        }
        String ambiguous = SigV2.ambiguousSubResource(query);
        if (ambiguous != null) {
            return new SigV2Rejected(AuthFailure.SIGV2_MALFORMED, "The value of " + ambiguous
                    + " holds '&' before a sub-resource name, which Signature Version 2 cannot sign unambiguously;"
                    + " use Signature Version 4.");
        }
        String resource = SigV2.canonicalizedResource(hostBucket, request.rawPath(), query);
        String variant = SigV2.bucketResourceVariant(hostBucket, request.rawPath(), query);
        if (queryAuth) {
            return parseQuery(request, query, resource, variant, now);
        }
        if (authorization.size() == 1) {
            return parseHeader(request, authorization.get(0), resource, variant, now);
        }
        return new SigV2Rejected(authorization.isEmpty() ? AuthFailure.MISSING_AUTHENTICATION : AuthFailure.SIGV2_MALFORMED,
                authorization.isEmpty() ? null : "more than one Authorization header");
    }

    private SigV2ParseResult parseQuery(HttpRequestView request, QueryParameters query, String resource,
            String variant, Instant now) {
        String accessKeyId = single(query, "AWSAccessKeyId");
        String signature = single(query, "Signature");
        String expires = single(query, "Expires");
        if (accessKeyId == null || signature == null || expires == null) {
            return new SigV2Rejected(AuthFailure.SIGV2_MISSING_QUERY_PARAMETER, null);
        }
        long expiresEpoch;
        try {
            expiresEpoch = Long.parseLong(expires);
        } catch (NumberFormatException e) {
            return new SigV2Rejected(AuthFailure.SIGV2_MALFORMED, "Expires must be epoch seconds");
        }
        if (now.getEpochSecond() > expiresEpoch) {
            return new SigV2Rejected(AuthFailure.EXPIRED, null);
        }
        // SigV2 itself has no cap, but no URL may outlive the 7 days SigV4 allows (a signer's clock may run
        // ahead by the skew window); otherwise a leaked boto3 URL would live until its key is rotated.
        if (expiresEpoch - now.getEpochSecond() > PresignRequest.MAX_EXPIRES_SECONDS + maxClockSkew.toSeconds()) {
            return new SigV2Rejected(AuthFailure.EXPIRES_TOO_LONG,
                    "Expires must be at most 604800 seconds (7 days) after the request");
        }
        Instant expiry = Instant.ofEpochSecond(expiresEpoch);
        String contentMd5 = headerOrQuery(request, query, "content-md5");
        String contentType = headerOrQuery(request, query, "content-type");
        Map<String, String> amzHeaders = amzHeaders(request, query);
        String stringToSign = SigV2.stringToSign(request.method(), contentMd5, contentType, expires, amzHeaders, resource);
        String variantToSign = variant == null ? null
                : SigV2.stringToSign(request.method(), contentMd5, contentType, expires, amzHeaders, variant);
        return new SigV2Auth(AuthLocation.QUERY, accessKeyId, signature, stringToSign, expiry, variantToSign);
    }

    private SigV2ParseResult parseHeader(HttpRequestView request, String authorization, String resource,
            String variant, Instant now) {
        String value = authorization.trim();
        if (!value.startsWith("AWS ")) {
            return new SigV2Rejected(AuthFailure.UNSUPPORTED_ALGORITHM, "Unsupported Authorization Type");
        }
        String credential = value.substring(4).trim();
        int colon = credential.lastIndexOf(':');
        if (colon <= 0 || colon == credential.length() - 1) {
            return new SigV2Rejected(AuthFailure.SIGV2_MALFORMED, "Authorization must be 'AWS <id>:<signature>'");
        }
        String amzDate = request.firstHeader("x-amz-date");
        String date = request.firstHeader("date");
        Instant time = parseHttpDate(amzDate != null ? amzDate : date);
        if (time == null) {
            return new SigV2Rejected(AuthFailure.MISSING_DATE, null);
        }
        if (Duration.between(time, now).abs().compareTo(maxClockSkew) > 0) {
            return new SigV2Rejected(AuthFailure.CLOCK_SKEW, null);
        }
        // With x-amz-date present S3 signs an empty Date line; x-amz-date is then among the amz headers.
        String dateLine = amzDate != null ? "" : date.trim();
        Map<String, String> amzHeaders = amzHeaders(request, null);
        String stringToSign = SigV2.stringToSign(request.method(), request.firstHeader("content-md5"),
                request.firstHeader("content-type"), dateLine, amzHeaders, resource);
        String variantToSign = variant == null ? null : SigV2.stringToSign(request.method(),
                request.firstHeader("content-md5"), request.firstHeader("content-type"), dateLine, amzHeaders, variant);
        return new SigV2Auth(AuthLocation.HEADER, credential.substring(0, colon), credential.substring(colon + 1),
                stringToSign, time, variantToSign);
    }

    /**
     * botocore's presigner moves Content-Type, Content-MD5 and x-amz-* headers into the query string: a
     * client following the URL may send them as headers, or not at all. The header wins; the query
     * parameter stands in when the header is absent.
     */
    private static String headerOrQuery(HttpRequestView request, QueryParameters query, String name) {
        String header = request.firstHeader(name);
        return header != null ? header : single(query, name);
    }

    /** The x-amz-* headers, and for query auth the x-amz-* query parameters a header does not override. */
    private static Map<String, String> amzHeaders(HttpRequestView request, QueryParameters query) {
        Map<String, List<String>> fromQuery = new TreeMap<>();
        if (query != null) {
            for (QueryParameters.Parameter p : query.all()) {
                String lower = p.name().toLowerCase(Locale.ROOT);
                if (lower.startsWith("x-amz-")) {
                    fromQuery.computeIfAbsent(lower, k -> new ArrayList<>()).add(p.value());
                }
            }
        }
        Map<String, String> headers = new TreeMap<>();
        fromQuery.forEach((name, values) -> headers.put(name, joinTrimmed(values)));
        for (String name : request.headerNames()) {
            if (name.startsWith("x-amz-")) {
                headers.put(name, joinTrimmed(request.headers(name)));
            }
        }
        return headers;
    }

    private static String joinTrimmed(List<String> values) {
        StringBuilder out = new StringBuilder();
        for (String v : values) {
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(v.trim());
        }
        return out.toString();
    }

    /** The value of a parameter sent exactly once, or null. */
    private static String single(QueryParameters query, String name) {
        List<QueryParameters.Parameter> found = query.all(name);
        return found.size() == 1 ? found.get(0).value() : null;
    }

    private static Instant parseHttpDate(String text) {
        if (text == null) {
            return null;
        }
        try {
            return ZonedDateTime.parse(text.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeException e) {
            return SigV4.parseAmzDate(text.trim()); // x-amz-date may also use the ISO basic form
        }
    }
}
