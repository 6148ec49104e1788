package io.edgestorage.common.grants;

import java.util.Locale;

/**
 * One allowed media type of an upload grant: {@code type/subtype} or {@code type/*} (RFC 9110 media-range
 * without parameters and without the catch-all {@code *}{@code /*}, which would allow everything and is the
 * same as no list). Matching ignores case and the Content-Type's parameters ({@code ; charset=utf-8}).
 */
public record MediaRange(String type, String subtype) {

    public static final String ANY_SUBTYPE = "*";

    /** Why a text is not a media range. */
    public static final class InvalidMediaRange extends IllegalArgumentException {
        InvalidMediaRange(String message) {
            super(message);
        }
    }

    public static MediaRange parse(String text) {
        if (text == null) {
            throw new InvalidMediaRange("a media type is required");
        }
        int slash = text.indexOf('/');
        if (slash <= 0 || slash == text.length() - 1 || text.indexOf('/', slash + 1) >= 0) {
            throw new InvalidMediaRange("\"" + text + "\" is not type/subtype or type/*");
        }
        String type = text.substring(0, slash);
        String subtype = text.substring(slash + 1);
        if (!isToken(type) || !(isToken(subtype) || subtype.equals(ANY_SUBTYPE)) || type.equals("*")) {
            throw new InvalidMediaRange("\"" + text + "\" is not type/subtype or type/* (letters, digits and !#$&-^_.+ only)");
        }
        return new MediaRange(type.toLowerCase(Locale.ROOT), subtype.toLowerCase(Locale.ROOT));
    }

    /** Whether a request's Content-Type header value is in this range; a missing or unparsable one never is. */
    public boolean matches(String contentType) {
        if (contentType == null) {
            return false;
        }
        int parameters = contentType.indexOf(';');
        String mediaType = (parameters < 0 ? contentType : contentType.substring(0, parameters)).trim();
        int slash = mediaType.indexOf('/');
        if (slash <= 0 || slash == mediaType.length() - 1) {
            return false;
        }
        String requestType = mediaType.substring(0, slash);
        String requestSubtype = mediaType.substring(slash + 1);
        if (!isToken(requestType) || !isToken(requestSubtype)) {
            return false;
        }
        return type.equalsIgnoreCase(requestType)
                && (subtype.equals(ANY_SUBTYPE) || subtype.equalsIgnoreCase(requestSubtype));
    }

    @Override
    public String toString() {
        return type + "/" + subtype;
    }

    /** RFC 9110 token characters without the ones a list in a URL or a wildcard would confuse (%, *, ', `, |, ~). */
    private static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean tchar = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || "!#$&-^_.+".indexOf(c) >= 0;
            if (!tchar) {
                return false;
            }
        }
        return true;
    }
}
