package io.edgestorage.sigv4.v2;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.edgestorage.sigv4.UriEncoding;

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
     * values URL-decoded, as botocore builds it (e.g. {@code /bucket/key?acl&versionId=3}).
     */
    public static String canonicalizedResource(String rawPath, String rawQuery) {
        String path = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
        if (rawQuery == null || rawQuery.isEmpty()) {
            return path;
        }
        List<String[]> kept = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            if (SUB_RESOURCES.contains(name)) {
                kept.add(eq < 0 ? new String[] {name} : new String[] {name, UriEncoding.decode(pair.substring(eq + 1), false)});
            }
        }
        if (kept.isEmpty()) {
            return path;
        }
        kept.sort((a, b) -> a[0].compareTo(b[0])); // stable, like Python's sort on the name only
        StringBuilder out = new StringBuilder(path).append('?');
        for (int i = 0; i < kept.size(); i++) {
            if (i > 0) {
                out.append('&');
            }
            out.append(String.join("=", kept.get(i)));
        }
        return out.toString();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
