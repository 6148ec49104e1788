package io.edgestorage.objects.metadata;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import io.edgestorage.objects.grants.GrantRecord;

/**
 * Where a grant listing goes on: the (createdAt, grantId) of the last grant served, opaque to clients
 * (base64url of {@code <epoch micros>:<grant id>}).
 */
public record GrantCursor(Instant createdAt, String grantId) {

    /** A cursor the client did not get from us. */
    public static final class InvalidCursor extends IllegalArgumentException {
        InvalidCursor() {
            super("cursor is not one a listing returned");
        }
    }

    public String encode() {
        long micros = createdAt.getEpochSecond() * 1_000_000 + createdAt.getNano() / 1_000;
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((micros + ":" + grantId).getBytes(StandardCharsets.UTF_8));
    }

    public static GrantCursor decode(String text) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            int colon = plain.indexOf(':');
            long micros = Long.parseLong(plain.substring(0, colon));
            String grantId = plain.substring(colon + 1);
            if (micros < 0 || !io.edgestorage.common.grants.GrantPolicy.isGrantId(grantId)) {
                throw new InvalidCursor();
            }
            return new GrantCursor(Instant.ofEpochSecond(micros / 1_000_000, micros % 1_000_000 * 1_000), grantId);
        } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
            throw e instanceof InvalidCursor invalid ? invalid : new InvalidCursor();
        }
    }

    static GrantCursor of(GrantRecord last) {
        return new GrantCursor(last.createdAt(), last.grantId());
    }
}
