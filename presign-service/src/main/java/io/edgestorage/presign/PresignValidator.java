package io.edgestorage.presign;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.edgestorage.common.problem.ProblemException;

/**
 * Turns the fields of a presign request body into a {@link PresignSpec}, or refuses it with a 400
 * problem whose {@code code} names the rule broken. Pure: no I/O, no clock.
 */
public final class PresignValidator {

    /** S3's limit on an object key, in UTF-8 bytes. */
    public static final int MAX_KEY_BYTES = 1024;
    // Header values the client must echo back; generous but bounded.
    static final int MAX_HEADER_VALUE_LENGTH = 1024;
    static final int MAX_KEY_ID_LENGTH = 128;

    private PresignValidator() {
    }

    public static PresignSpec validate(String key, String action, String expires, String contentType,
            String contentDisposition, String keyId) {
        return validate(key, action, expires, contentType, contentDisposition, keyId, GrantFields.NONE);
    }

    public static PresignSpec validate(String key, String action, String expires, String contentType,
            String contentDisposition, String keyId, GrantFields grantFields) {
        if (key == null || key.isEmpty()) {
            throw ProblemException.badRequest("key-required", "key must be a non-empty object key");
        }
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw ProblemException.badRequest("key-too-long", "key must be at most 1024 bytes in UTF-8");
        }
        if (hasControlCharacter(key)) {
            throw ProblemException.badRequest("invalid-key", "key must not contain control characters");
        }
        if (hasUnpairedSurrogate(key)) {
            // Not text: UTF-8 has no encoding for it, and the URL would name another object ("x?y").
            throw ProblemException.badRequest("invalid-key", "key must be Unicode text (no unpaired surrogates)");
        }
        if (hasDotSegment(key)) {
            throw ProblemException.badRequest("invalid-key", "key must not have '.' or '..' path segments:"
                    + " browsers and HTTP clients rewrite them (\"a/../b\" becomes \"b\") before sending,"
                    + " so the signed URL would not match the request");
        }
        Action parsedAction = action == null ? Action.DOWNLOAD : Action.fromName(action);
        if (parsedAction == null) {
            throw ProblemException.badRequest("invalid-action", "action must be \"download\" or \"upload\"");
        }
        Duration lifetime;
        try {
            lifetime = Expiry.parse(expires);
        } catch (Expiry.InvalidExpiry e) {
            throw ProblemException.badRequest(e.failure().code(), e.getMessage());
        }
        if (contentType != null) {
            if (parsedAction != Action.UPLOAD) {
                throw ProblemException.badRequest("content-type-not-allowed",
                        "contentType applies to uploads only; a download's type is the stored object's");
            }
            requireHeaderValue("contentType", contentType);
        }
        if (contentDisposition != null) {
            if (parsedAction != Action.DOWNLOAD) {
                throw ProblemException.badRequest("content-disposition-not-allowed",
                        "contentDisposition applies to downloads only");
            }
            requireHeaderValue("contentDisposition", contentDisposition);
        }
        if (keyId != null && (keyId.isEmpty() || keyId.length() > MAX_KEY_ID_LENGTH || !isAlphanumeric(keyId))) {
            throw ProblemException.badRequest("invalid-key-id", "keyId must be an access key id such as AKIA…");
        }
        GrantSpec grant = GrantValidator.validate(parsedAction, contentType, grantFields);
        return new PresignSpec(key, parsedAction, lifetime, contentType, contentDisposition, keyId, grant);
    }

    private static void requireHeaderValue(String field, String value) {
        if (value.isBlank() || value.length() > MAX_HEADER_VALUE_LENGTH || hasControlCharacter(value)) {
            throw ProblemException.badRequest("invalid-" + (field.equals("contentType") ? "content-type"
                    : "content-disposition"), field + " must be a non-blank header value without control characters");
        }
    }

    static boolean hasControlCharacter(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasUnpairedSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /** URL path normalisation (RFC 3986 5.2.4, WHATWG URL) drops "." segments and resolves "..", even as %2E. */
    private static boolean hasDotSegment(String key) {
        for (String segment : key.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isAlphanumeric(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9')) {
                return false;
            }
        }
        return true;
    }
}
