package io.edgestorage.sigv4.v2;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.edgestorage.sigv4.QueryParameters;

/**
 * Signature Version 2 (legacy S3 "HmacV1"), matching botocore's {@code HmacV1Auth}/{@code HmacV1QueryAuth}.
 * SigV2 signs with the raw secret, so {@link #sign} and {@link #verify} belong in key-service only; other
 * services build the string to sign ({@link SigV2Verifier}) and ask key-service for the verdict.
 */
public final class SigV2 {

    /** Query parameters that are part of the canonicalized resource (botocore's {@code QSAOfInterest}). */
    public static final Set<String> SUB_RESOURCES = Set.of("accelerate", "acl", "cors", "defaultObjectAcl",
            "location", "logging", "partNumber", "policy", "requestPayment", "torrent", "versioning", "versionId",
            "versions", "website", "uploads", "uploadId", "response-content-type", "response-content-language",
            "response-expires", "response-cache-control", "response-content-disposition", "response-content-encoding",
            "delete", "lifecycle", "tagging", "restore", "storageClass", "notification", "replication", "analytics",
            "metrics", "inventory", "select", "select-type", "object-lock");

    private SigV2() {
    }

    /** Base64 HMAC-SHA1 of the UTF-8 string to sign under the raw secret. */
    public static String sign(String secretAccessKey, String stringToSign) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secretAccessKey.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
        }
    }

    /** Constant-time check of a base64 signature. */
    public static boolean verify(String secretAccessKey, String stringToSign, String signature) {
        if (signature == null) {
            return false;
        }
        return MessageDigest.isEqual(sign(secretAccessKey, stringToSign).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * {@code METHOD\nContent-MD5\nContent-Type\nDate-or-Expires\n[x-amz-name:value\n…]CanonicalizedResource}.
     *
     * @param canonicalAmzHeaders lower-case {@code x-amz-*} names to comma-joined trimmed values, sorted by name
     */
    public static String stringToSign(String method, String contentMd5, String contentType, String dateOrExpires,
            Map<String, String> canonicalAmzHeaders, String canonicalizedResource) {
        StringBuilder out = new StringBuilder(256);
        out.append(method).append('\n')
                .append(nullToEmpty(contentMd5).trim()).append('\n')
                .append(nullToEmpty(contentType).trim()).append('\n')
                .append(nullToEmpty(dateOrExpires)).append('\n');
        canonicalAmzHeaders.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> out.append(e.getKey()).append(':').append(e.getValue()).append('\n'));
        return out.append(canonicalizedResource).toString();
    }

    /**
     * The path exactly as sent, plus the sub-resource and {@code response-*} parameters sorted by name,
     * values decoded, as botocore builds it (e.g. {@code /bucket/key?acl&versionId=3}). Parameters are
     * picked by their <em>decoded</em> name, the name the service acts on: {@code response%2Dcontent%2Dtype}
     * is {@code response-content-type}, so adding it changes what was signed.
     */
    public static String canonicalizedResource(String rawPath, String rawQuery) {
        return canonicalizedResource(null, rawPath, QueryParameters.parse(rawQuery));
    }

    /**
     * As {@link #canonicalizedResource(String, String)}; a request addressed in virtual-host style
     * ({@code Host: bucket.domain}) is signed as {@code /bucket} + its path, as S3 and botocore sign it, so a
     * URL signed for one bucket does not verify against another.
     *
     * @param hostBucket the bucket the Host header names, or null for a path-style request
     */
    public static String canonicalizedResource(String hostBucket, String rawPath, QueryParameters query) {
        return withSubResources(signedPath(hostBucket, rawPath), query);
    }

    /**
     * The resource of a request addressed to a bucket (not to an object, not to the service) with the
     * bucket's trailing slash toggled, or null for any other request. S3 accepts a bucket request signed as
     * {@code /bucket} or as {@code /bucket/} whichever was sent (botocore signs {@code /bucket/} and sends
     * {@code /bucket}); only the slash differs, so no other bucket or any key can be reached this way.
     */
    public static String bucketResourceVariant(String hostBucket, String rawPath, QueryParameters query) {
        String path = signedPath(hostBucket, rawPath);
        int second = path.indexOf('/', 1);
        if (path.length() < 2 || second >= 0 && second != path.length() - 1) {
            return null; // the service itself, or an object
        }
        String toggled = second < 0 ? path + "/" : path.substring(0, second);
        return toggled.length() < 2 ? null : withSubResources(toggled, query);
    }

    private static String signedPath(String hostBucket, String rawPath) {
        String path = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
        return hostBucket != null ? "/" + hostBucket + path : path;
    }

    private static String withSubResources(String path, QueryParameters query) {
        List<QueryParameters.Parameter> kept = signedSubResources(query);
        if (kept.isEmpty()) {
            return path;
        }
        StringBuilder out = new StringBuilder(path).append('?');
        for (int i = 0; i < kept.size(); i++) {
            QueryParameters.Parameter p = kept.get(i);
            if (i > 0) {
                out.append('&');
            }
            out.append(p.name());
            if (p.hasValue()) {
                out.append('=').append(p.value());
            }
        }
        return out.toString();
    }

    /**
     * The name of a sub-resource whose decoded value would make the canonicalized resource ambiguous, or
     * null. Values are signed decoded and joined by {@code &}, so {@code response-content-type=a%26uploads}
     * and {@code response-content-type=a&uploads} would sign alike. A value holding {@code &} followed by a
     * sub-resource name therefore cannot be signed safely with SigV2; any other value (a file name
     * {@code Q&A.pdf}) can.
     */
    public static String ambiguousSubResource(QueryParameters query) {
        for (QueryParameters.Parameter p : signedSubResources(query)) {
            String value = p.value();
            int amp = value.indexOf('&');
            while (amp >= 0) {
                if (startsWithSubResource(value, amp + 1)) {
                    return p.name();
                }
                amp = value.indexOf('&', amp + 1);
            }
        }
        return null;
    }

    private static boolean startsWithSubResource(String value, int from) {
        int end = from;
        while (end < value.length() && value.charAt(end) != '=' && value.charAt(end) != '&') {
            end++;
        }
        return SUB_RESOURCES.contains(value.substring(from, end));
    }

    private static List<QueryParameters.Parameter> signedSubResources(QueryParameters query) {
        List<QueryParameters.Parameter> kept = new ArrayList<>();
        for (QueryParameters.Parameter p : query.all()) {
            if (SUB_RESOURCES.contains(p.name())) {
                kept.add(p);
            }
        }
        kept.sort(Comparator.comparing(QueryParameters.Parameter::name)); // stable, like Python's sort on the name only
        return kept;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
