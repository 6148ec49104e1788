package io.edgestorage.objects.rest;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

import io.edgestorage.objects.S3Error;

/**
 * What S3 cannot parse in a request URI: a malformed percent-escape ({@code %zz}, a truncated {@code %4})
 * or escapes whose bytes are not UTF-8 ({@code %FF}). Decoding such input leniently would turn different
 * keys into one ({@code inv%FF} and {@code inv%FE} both into {@code inv\uFFFD}); S3 answers InvalidURI.
 */
final class UriSyntax {

    private UriSyntax() {
    }

    /** Throws InvalidURI unless every escape of {@code raw} (a path or query) is well formed UTF-8. */
    static void requireDecodable(String raw) {
        if (raw == null || raw.indexOf('%') < 0) {
            return; // nothing escaped: the fast path of nearly every GET
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '%') {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(b, 0, b.length);
                continue;
            }
            int high = i + 1 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
            int low = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 2), 16) : -1;
            if (high < 0 || low < 0) {
                throw invalid();
            }
            bytes.write(high * 16 + low);
            i += 2;
        }
        try {
            StrictUtf8.decode(bytes.toByteArray());
        } catch (CharacterCodingException e) {
            throw invalid();
        }
    }

    static io.edgestorage.objects.S3Exception invalid() {
        return S3Error.INVALID_URI.exception();
    }
}
