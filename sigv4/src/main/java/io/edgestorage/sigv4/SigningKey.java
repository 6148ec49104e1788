package io.edgestorage.sigv4;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.util.Objects;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A derived SigV4 signing key ({@code kSigning}, 32 bytes) together with the credential scope it was
 * derived for. This is what services outside key-service hold instead of the secret access key: it can
 * sign and verify for one day, region and service only.
 *
 * <p>Immutable and thread-safe. {@link #toString()} never shows the key bytes.
 */
public final class SigningKey {

    private static final String HMAC_SHA256 = "HmacSHA256";
    // Mac instances are not thread-safe and costly to look up; one per thread keeps signing allocation-light.
    private static final ThreadLocal<Mac> MAC = ThreadLocal.withInitial(SigningKey::newMac);

    private final byte[] key;
    private final SecretKeySpec keySpec;
    private final CredentialScope scope;

    private SigningKey(byte[] key, CredentialScope scope) {
        this.key = key;
        this.keySpec = new SecretKeySpec(key, HMAC_SHA256);
        this.scope = scope;
    }

    /**
     * Derives {@code kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")}.
     */
    public static SigningKey derive(String secretAccessKey, CredentialScope scope) {
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        Objects.requireNonNull(scope, "scope");
        byte[] kSecret = ("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8);
        byte[] kDate = hmac(kSecret, scope.date());
        byte[] kRegion = hmac(kDate, scope.region());
        byte[] kService = hmac(kRegion, scope.service());
        byte[] kSigning = hmac(kService, CredentialScope.TERMINATOR);
        return new SigningKey(kSigning, scope);
    }

    /** Wraps an already derived key, e.g. one received from key-service. The array is copied. */
    public static SigningKey of(byte[] kSigning, CredentialScope scope) {
        Objects.requireNonNull(scope, "scope");
        if (kSigning == null || kSigning.length != 32) {
            throw new IllegalArgumentException("a SigV4 signing key is 32 bytes");
        }
        return new SigningKey(kSigning.clone(), scope);
    }

    /** The scope this key signs for. */
    public CredentialScope scope() {
        return scope;
    }

    /** A copy of the 32 key bytes, for handing the key to another service. Never log it. */
    public byte[] bytes() {
        return key.clone();
    }

    /** HMAC-SHA256 of {@code data} under this key. */
    public byte[] sign(byte[] data) {
        Mac mac = MAC.get();
        try {
            mac.init(keySpec);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
        return mac.doFinal(data);
    }

    /** Lower-case hex HMAC-SHA256 of the UTF-8 bytes of {@code stringToSign}: a SigV4 signature. */
    public String signHex(String stringToSign) {
        return Hex.encode(sign(stringToSign.getBytes(StandardCharsets.UTF_8)));
    }

    static byte[] hmac(byte[] key, String data) {
        Mac mac = MAC.get();
        try {
            mac.init(new SecretKeySpec(key, HMAC_SHA256));
        } catch (InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    private static Mac newMac() {
        try {
            return Mac.getInstance(HMAC_SHA256);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Constant-time on the key bytes. */
    @Override
    public boolean equals(Object o) {
        return o instanceof SigningKey other && scope.equals(other.scope) && MessageDigest.isEqual(key, other.key);
    }

    @Override
    public int hashCode() {
        return scope.hashCode();
    }

    @Override
    public String toString() {
        return "SigningKey[scope=" + scope + ", key=<redacted>]";
    }
}
