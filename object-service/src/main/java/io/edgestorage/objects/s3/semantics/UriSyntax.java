package io.edgestorage.objects.s3.semantics;

import java.nio.charset.CharacterCodingException;

import io.edgestorage.objects.S3Error;

/**
 * What S3 cannot parse in a request URI: a malformed percent-escape ({@code %zz}, a truncated {@code %4})
 * or escapes whose bytes are not UTF-8 ({@code %FF}). Decoding such input leniently would turn different
 * keys into one ({@code inv%FF} and {@code inv%FE} both into {@code inv\uFFFD}); S3 answers InvalidURI.
 */
public final class UriSyntax {

    private UriSyntax() {
    }

    /**
     * Throws InvalidURI unless every escape of {@code raw} (a path or query) is well formed UTF-8. Each run of
     * consecutive escapes is checked on its own: characters left unescaped are whole UTF-8 sequences, so a
     * sequence can never continue across them. Runs of ASCII escapes (every presigned query has {@code %2F})
     * allocate nothing.
     */
    public static void requireDecodable(String raw) {
        if (raw == null || raw.indexOf('%') < 0) {
            return; // nothing escaped
        }
        int i = 0;
        while ((i = raw.indexOf('%', i)) >= 0) {
            int runStart = i;
            boolean ascii = true;
            while (i < raw.length() && raw.charAt(i) == '%') {
                int b = escapedByte(raw, i);
                ascii &= b < 0x80;
                i += 3;
            }
            if (!ascii) {
                byte[] run = new byte[(i - runStart) / 3];
                for (int j = 0; j < run.length; j++) {
                    run[j] = (byte) escapedByte(raw, runStart + 3 * j);
                }
                try {
                    StrictUtf8.decode(run);
                } catch (CharacterCodingException e) {
                    throw invalid();
                }
            }
        }
    }

    /** The byte of the escape at {@code i} ({@code %hh}), or InvalidURI when it is malformed. */
    private static int escapedByte(String raw, int i) {
        int high = i + 1 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
        int low = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 2), 16) : -1;
        if (high < 0 || low < 0) {
            throw invalid();
        }
        return high * 16 + low;
    }

    private static io.edgestorage.objects.S3Exception invalid() {
        return S3Error.INVALID_URI.exception();
    }
}
