package io.edgestorage.sigv4;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The pure steps of Signature Version 4, each usable and testable alone: canonical URI, canonical query,
 * canonical headers, canonical request, string to sign. Signing itself is {@link SigningKey#signHex}.
 */
public final class SigV4 {

    /** The only algorithm supported. */
    public static final String ALGORITHM = "AWS4-HMAC-SHA256";
    /** Hex SHA-256 of the empty body. */
    public static final String EMPTY_BODY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    /** Hex SHA-256 digits of a signature. */
    public static final int SIGNATURE_HEX_LENGTH = 64;

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(SigV4::newSha256);

    private SigV4() {
    }

    /**
     * The canonical URI of a path as sent: decoded once and encoded once with {@code /} kept, no
     * normalisation (empty segments and {@code .}/{@code ..} stay), as S3 does. An escaped slash
     * ({@code %2F}) therefore signs as {@code /}: AWS SDK for Java v2 sends the second slash of a run of
     * slashes in a key as {@code %2F} (so HTTP stacks cannot collapse it) but signs the plain path.
     * An empty path is {@code /}.
     */
    public static String canonicalUri(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        return UriEncoding.canonicalize(rawPath, true, false);
    }

    /**
     * The canonical query string of a raw query: names and values canonically encoded, sorted by name
     * then value, {@code name=value} joined by {@code &} (a parameter without {@code =} gets an empty
     * value).
     *
     * @param excludeSignature drop {@code X-Amz-Signature} (query auth signs everything but it)
     */
    public static String canonicalQuery(String rawQuery, boolean excludeSignature) {
        return QueryParameters.parse(rawQuery).canonical(excludeSignature ? QueryAuthFields.SIGNATURE : null);
    }

    /** A header value as SigV4 canonicalises it: values trimmed, inner runs of whitespace collapsed, joined by commas. */
    public static String canonicalHeaderValue(List<String> values) {
        if (values.size() == 1) {
            return trimAndCollapse(values.get(0));
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(trimAndCollapse(values.get(i)));
        }
        return out.toString();
    }

    /**
     * The canonical headers block: {@code name:value\n} for each signed header, in the given order.
     * Missing headers yield an empty value (the verifier rejects them before getting here).
     */
    public static String canonicalHeaders(HttpRequestView request, List<String> signedHeaders) {
        StringBuilder out = new StringBuilder(256);
        for (String name : signedHeaders) {
            out.append(name).append(':').append(canonicalHeaderValue(request.headers(name))).append('\n');
        }
        return out.toString();
    }

    /** {@code ;}-joined signed header names. */
    public static String signedHeadersLine(List<String> signedHeaders) {
        return String.join(";", signedHeaders);
    }

    /** The six-part canonical request. {@code canonicalHeaders} ends in a newline already. */
    public static String canonicalRequest(String method, String canonicalUri, String canonicalQuery,
            String canonicalHeaders, String signedHeadersLine, String payloadLine) {
        return new StringBuilder(method.length() + canonicalUri.length() + canonicalQuery.length()
                + canonicalHeaders.length() + signedHeadersLine.length() + payloadLine.length() + 8)
                .append(method).append('\n')
                .append(canonicalUri).append('\n')
                .append(canonicalQuery).append('\n')
                .append(canonicalHeaders).append('\n')
                .append(signedHeadersLine).append('\n')
                .append(payloadLine)
                .toString();
    }

    /** {@code AWS4-HMAC-SHA256\n<amzDate>\n<scope>\n<hex sha256(canonicalRequest)>}. */
    public static String stringToSign(String amzDate, CredentialScope scope, String canonicalRequest) {
        return ALGORITHM + '\n' + amzDate + '\n' + scope + '\n' + sha256Hex(canonicalRequest);
    }

    /** Lower-case hex SHA-256 of the UTF-8 bytes of {@code text}. */
    public static String sha256Hex(String text) {
        return sha256Hex(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Lower-case hex SHA-256 of {@code bytes}. */
    public static String sha256Hex(byte[] bytes) {
        return Hex.encode(SHA256.get().digest(bytes));
    }

    /** Lower-case hex. */
    public static String hex(byte[] bytes) {
        return Hex.encode(bytes);
    }

    /** {@code yyyyMMdd'T'HHmmss'Z'} in UTC. */
    public static String formatAmzDate(Instant time) {
        // Hand-rolled: DateTimeFormatter costs more than the rest of a presign together.
        LocalDateTime t = LocalDateTime.ofEpochSecond(time.getEpochSecond(), 0, ZoneOffset.UTC);
        char[] out = new char[16];
        writeDigits(out, 0, t.getYear(), 4);
        writeDigits(out, 4, t.getMonthValue(), 2);
        writeDigits(out, 6, t.getDayOfMonth(), 2);
        out[8] = 'T';
        writeDigits(out, 9, t.getHour(), 2);
        writeDigits(out, 11, t.getMinute(), 2);
        writeDigits(out, 13, t.getSecond(), 2);
        out[15] = 'Z';
        return new String(out);
    }

    private static void writeDigits(char[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /** Parses {@code yyyyMMdd'T'HHmmss'Z'}; {@code null} if the text is not exactly that. */
    public static Instant parseAmzDate(String text) {
        if (text == null || text.length() != 16 || text.charAt(8) != 'T' || text.charAt(15) != 'Z') {
            return null;
        }
        for (int i = 0; i < 15; i++) {
            if (i != 8 && (text.charAt(i) < '0' || text.charAt(i) > '9')) {
                return null;
            }
        }
        try {
            return LocalDateTime.of(digits(text, 0, 4), digits(text, 4, 6), digits(text, 6, 8),
                    digits(text, 9, 11), digits(text, 11, 13), digits(text, 13, 15)).toInstant(ZoneOffset.UTC);
        } catch (java.time.DateTimeException e) {
            return null; // e.g. month 13: not a date
        }
    }

    /** Constant-time comparison of two ASCII signatures (hex or base64). */
    public static boolean signaturesEqual(String expected, String actual) {
        if (expected == null || actual == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                actual.getBytes(StandardCharsets.US_ASCII));
    }

    static String trimAndCollapse(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && isSpace(value.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(value.charAt(end - 1))) {
            end--;
        }
        boolean needsCollapse = false;
        for (int i = start + 1; i < end; i++) {
            if (isSpace(value.charAt(i)) && (isSpace(value.charAt(i - 1)) || value.charAt(i) != ' ')) {
                needsCollapse = true;
                break;
            }
        }
        if (!needsCollapse) {
            return (start == 0 && end == value.length()) ? value : value.substring(start, end);
        }
        StringBuilder out = new StringBuilder(end - start);
        boolean lastWasSpace = false;
        for (int i = start; i < end; i++) {
            char c = value.charAt(i);
            if (isSpace(c)) {
                if (!lastWasSpace) {
                    out.append(' ');
                }
                lastWasSpace = true;
            } else {
                out.append(c);
                lastWasSpace = false;
            }
        }
        return out.toString();
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            v = v * 10 + (s.charAt(i) - '0');
        }
        return v;
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
