package io.edgestorage.sigv4;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * RFC 3986 percent-encoding as SigV4 wants it: unreserved characters ({@code A-Z a-z 0-9 - _ . ~}) kept,
 * everything else as upper-case {@code %XX} of its UTF-8 bytes ({@code space → %20}, {@code + → %2B}).
 */
public final class UriEncoding {

    private static final char[] UPPER_HEX = "0123456789ABCDEF".toCharArray();

    private UriEncoding() {
    }

    /** True for the RFC 3986 unreserved characters. */
    public static boolean isUnreserved(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '-' || c == '_' || c == '.' || c == '~';
    }

    /** Encodes {@code s}; with {@code keepSlash} the {@code /} stays (for paths). */
    public static String encode(String s, boolean keepSlash) {
        int n = s.length();
        int i = 0;
        while (i < n && (isUnreserved(s.charAt(i)) || (keepSlash && s.charAt(i) == '/'))) {
            i++;
        }
        if (i == n) {
            return s; // the common case: nothing to encode, no allocation
        }
        StringBuilder out = new StringBuilder(n + 16);
        out.append(s, 0, i);
        byte[] bytes = s.substring(i).getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            char c = (char) (b & 0xFF);
            if (isUnreserved(c) || (keepSlash && c == '/')) {
                out.append(c);
            } else {
                out.append('%').append(UPPER_HEX[(b >> 4) & 0xF]).append(UPPER_HEX[b & 0xF]);
            }
        }
        return out.toString();
    }

    /**
     * Decodes percent-escapes (as UTF-8). Lenient on purpose: a {@code %} not followed by two hex digits
     * stays literal, so a malformed request fails signature comparison instead of throwing.
     *
     * @param plusAsSpace true for query components (form encoding, as S3 and Go's url.ParseQuery do)
     */
    public static String decode(String s, boolean plusAsSpace) {
        int n = s.length();
        int i = 0;
        while (i < n && s.charAt(i) != '%' && !(plusAsSpace && s.charAt(i) == '+')) {
            i++;
        }
        if (i == n) {
            return s;
        }
        String ascii = decodeAscii(s, i, plusAsSpace);
        return ascii != null ? ascii : decodeUtf8(s, plusAsSpace);
    }

    /** The common case (credentials, signed header lists): every char and every escape is ASCII. Null otherwise. */
    private static String decodeAscii(String s, int firstSpecial, boolean plusAsSpace) {
        int n = s.length();
        char[] out = new char[n];
        s.getChars(0, firstSpecial, out, 0);
        int o = firstSpecial;
        for (int i = firstSpecial; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                return null;
            }
            if (c == '%' && i + 2 < n && hexValue(s.charAt(i + 1)) >= 0 && hexValue(s.charAt(i + 2)) >= 0) {
                int b = hexValue(s.charAt(i + 1)) * 16 + hexValue(s.charAt(i + 2));
                if (b >= 0x80) {
                    return null;
                }
                out[o++] = (char) b;
                i += 2;
            } else {
                out[o++] = (c == '+' && plusAsSpace) ? ' ' : c;
            }
        }
        return new String(out, 0, o);
    }

    private static String decodeUtf8(String s, boolean plusAsSpace) {
        int n = s.length();
        ByteArrayOutputStream out = new ByteArrayOutputStream(n);
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < n && hexValue(s.charAt(i + 1)) >= 0 && hexValue(s.charAt(i + 2)) >= 0) {
                out.write(hexValue(s.charAt(i + 1)) * 16 + hexValue(s.charAt(i + 2)));
                i += 3;
            } else if (c == '+' && plusAsSpace) {
                out.write(' ');
                i++;
            } else {
                int end = i + 1;
                if (Character.isHighSurrogate(c) && end < n && Character.isLowSurrogate(s.charAt(end))) {
                    end++;
                }
                byte[] b = s.substring(i, end).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
                i = end;
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * The canonical (SigV4) form of an already percent-encoded component: decode once, encode once. Skips
     * both steps when the component is plainly unreserved, which is nearly always the case.
     */
    public static String canonicalize(String raw, boolean keepSlash, boolean plusAsSpace) {
        return isCanonical(raw, keepSlash) ? raw : encode(decode(raw, plusAsSpace), keepSlash);
    }

    /**
     * True if decoding and re-encoding would give {@code raw} back: only unreserved characters (and
     * {@code /} if kept) and upper-case escapes of bytes that must be escaped. SDK-made URLs always are.
     */
    static boolean isCanonical(String raw, boolean keepSlash) {
        int n = raw.length();
        for (int i = 0; i < n; i++) {
            char c = raw.charAt(i);
            if (isUnreserved(c) || (keepSlash && c == '/')) {
                continue;
            }
            if (c != '%' || i + 2 >= n) {
                return false;
            }
            int hi = upperHexValue(raw.charAt(i + 1));
            int lo = upperHexValue(raw.charAt(i + 2));
            if (hi < 0 || lo < 0) {
                return false;
            }
            char decoded = (char) (hi * 16 + lo);
            if (isUnreserved(decoded) || (keepSlash && decoded == '/')) {
                return false; // e.g. %7E must become ~
            }
            i += 2;
        }
        return true;
    }

    private static int upperHexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }
}
