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
import io.edgestorage.sigv4.SigV4;
import io.edgestorage.sigv4.UriEncoding;

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

    public SigV2ParseResult parse(HttpRequestView request, Instant now) {
        Map<String, List<String>> query = decodedQuery(request.rawQuery());
        List<String> authorization = request.headers("authorization");
        boolean queryAuth = query.containsKey("AWSAccessKeyId") || query.containsKey("Signature");
        if (queryAuth && !authorization.isEmpty()) {
            return new SigV2Rejected(AuthFailure.MULTIPLE_AUTH_MECHANISMS, null);
        }
        if (queryAuth) {
            return parseQuery(request, query, now);
        }
        if (authorization.size() == 1) {
            return parseHeader(request, authorization.get(0), query, now);
        }
        return new SigV2Rejected(authorization.isEmpty() ? AuthFailure.MISSING_AUTHENTICATION : AuthFailure.SIGV2_MALFORMED,
                authorization.isEmpty() ? null : "more than one Authorization header");
    }

    private SigV2ParseResult parseQuery(HttpRequestView request, Map<String, List<String>> query, Instant now) {
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
        String stringToSign = SigV2.stringToSign(request.method(),
                headerOrQuery(request, query, "content-md5"),
                headerOrQuery(request, query, "content-type"),
                expires, amzHeaders(request, query), SigV2.canonicalizedResource(request.rawPath(), request.rawQuery()));
        return new SigV2Auth(AuthLocation.QUERY, accessKeyId, signature, stringToSign, expiry);
    }

    private SigV2ParseResult parseHeader(HttpRequestView request, String authorization, Map<String, List<String>> query,
            Instant now) {
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
        String stringToSign = SigV2.stringToSign(request.method(), request.firstHeader("content-md5"),
                request.firstHeader("content-type"), dateLine, amzHeaders(request, Map.of()),
                SigV2.canonicalizedResource(request.rawPath(), request.rawQuery()));
        return new SigV2Auth(AuthLocation.HEADER, credential.substring(0, colon), credential.substring(colon + 1),
                stringToSign, time);
    }

    /**
     * botocore's presigner moves Content-Type, Content-MD5 and x-amz-* headers into the query string: a
     * client following the URL may send them as headers, or not at all. The header wins; the query
     * parameter stands in when the header is absent.
     */
    private static String headerOrQuery(HttpRequestView request, Map<String, List<String>> query, String name) {
        String header = request.firstHeader(name);
        return header != null ? header : single(query, name);
    }

    private static Map<String, String> amzHeaders(HttpRequestView request, Map<String, List<String>> query) {
        Map<String, String> headers = new TreeMap<>();
        query.forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith("x-amz-")) {
                headers.put(lower, joinTrimmed(values));
            }
        });
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

    private static String single(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.size() != 1 ? null : values.get(0);
    }

    private static Map<String, List<String>> decodedQuery(String rawQuery) {
        Map<String, List<String>> out = new TreeMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = UriEncoding.decode(eq < 0 ? pair : pair.substring(0, eq), true);
            String value = eq < 0 ? "" : UriEncoding.decode(pair.substring(eq + 1), true);
            out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return out;
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
