package io.edgestorage.objects.s3.semantics;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Header values beyond ASCII. Netty reads each header byte as one char (ISO-8859-1), while SDKs send text as
 * UTF-8 bytes and sign those bytes (botocore puts {@code x-amz-meta-a: é} on the wire as {@code C3 A9} and
 * hashes the same two bytes). A value whose bytes are UTF-8 is therefore read as the text they encode, so the
 * signature is checked over the bytes sent and the text is stored as the client meant it; any other value
 * (a client sending ISO-8859-1) stays the text of its bytes.
 */
public final class HeaderText {

    private HeaderText() {
    }

    /** The text of a header value as received (one char per byte). */
    public static String fromWire(String value) {
        if (value == null || isAscii(value)) {
            return value;
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) > 0xFF) {
                return value; // not one char per byte: already text
            }
        }
        try {
            return StrictUtf8.decode(value.getBytes(StandardCharsets.ISO_8859_1));
        } catch (CharacterCodingException notUtf8) {
            return value;
        }
    }

    /**
     * A stored value as a response header: up to U+00FF as one byte per char (HTTP's historical charset, how
     * botocore and other HTTP/1.1 clients read header bytes, so {@code é} comes back as the {@code é} that was
     * sent); text beyond U+00FF, which one byte per char cannot carry, as an RFC 2047 encoded word
     * ({@code =?UTF-8?B?…?=}), which is how S3 returns non-ASCII metadata.
     */
    public static String toWire(String value) {
        if (value == null || isAscii(value)) {
            return value;
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) > 0xFF) {
                return "=?UTF-8?B?" + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)) + "?=";
            }
        }
        return value;
    }

    private static boolean isAscii(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
