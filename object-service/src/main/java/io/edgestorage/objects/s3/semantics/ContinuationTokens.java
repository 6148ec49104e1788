package io.edgestorage.objects.s3.semantics;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.edgestorage.objects.S3Error;

/**
 * ListObjectsV2 continuation tokens: the cursor (the last key or folder returned) behind a marker, in
 * URL-safe base64. The marker lets a token we did not issue be refused as S3 refuses it, instead of being
 * decoded into some cursor that silently lists from an arbitrary place.
 */
public final class ContinuationTokens {

    private static final String MARKER = "es1:";

    private ContinuationTokens() {
    }

    public static String token(String cursor) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((MARKER + cursor).getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor of a token this service issued; InvalidArgument for anything else. */
    public static String cursor(String token) {
        try {
            String text = StrictUtf8.decode(Base64.getUrlDecoder().decode(token));
            if (text.startsWith(MARKER)) {
                return text.substring(MARKER.length());
            }
        } catch (IllegalArgumentException | CharacterCodingException e) {
            // not base64, or not text: not one of ours
        }
        throw S3Error.INVALID_ARGUMENT.exception("The continuation token provided is incorrect")
                .with("ArgumentName", "continuation-token");
    }
}
