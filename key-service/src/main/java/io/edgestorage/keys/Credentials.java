package io.edgestorage.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Generates identifiers and secrets. Access key ids look like AWS's ({@code AKIA} + 16 upper-case
 * alphanumerics); secrets are 40 characters of the base64 alphabet (30 random bytes); API tokens are
 * {@code edge_} + 43 URL-safe characters (32 random bytes) and are stored only as their SHA-256.
 */
public final class Credentials {

    public static final String ACCESS_KEY_PREFIX = "AKIA";
    public static final String TOKEN_PREFIX = "edge_";
    public static final String TOKEN_ID_PREFIX = "tok_";

    private static final char[] UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();
    private static final char[] LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Credentials() {
    }

    /** {@code AKIA} + 16 characters of [A-Z0-9]: 20 in all. */
    public static String newAccessKeyId() {
        return ACCESS_KEY_PREFIX + random(UPPER_ALNUM, 16);
    }

    /** 40 characters of [A-Za-z0-9+/], like an AWS secret access key. */
    public static String newSecretAccessKey() {
        byte[] bytes = new byte[30];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** {@code edge_} + 43 URL-safe base64 characters (256 random bits). */
    public static String newApiToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** {@code tok_} + 16 characters of [a-z0-9]: the token's public id (not a secret). */
    public static String newTokenId() {
        return TOKEN_ID_PREFIX + random(LOWER_ALNUM, 16);
    }

    /** Hex SHA-256 of the token: what the database holds. */
    public static String tokenHash(String token) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    public static boolean isAccessKeyId(String s) {
        if (s == null || s.length() != 20 || !s.startsWith(ACCESS_KEY_PREFIX)) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return true;
    }

    private static String random(char[] alphabet, int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = alphabet[RANDOM.nextInt(alphabet.length)];
        }
        return new String(out);
    }
}
