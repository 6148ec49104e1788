package io.edgestorage.keys;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM for secret access keys at rest. A sealed secret is {@code nonce(12) || ciphertext || tag(16)}
 * with the access key id as additional authenticated data, so a ciphertext copied onto another row
 * does not decrypt. The id of the master key used travels beside it ({@link Sealed#masterKeyId()}).
 */
public final class SecretCipher {

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final MasterKeyRing ring;

    public SecretCipher(MasterKeyRing ring) {
        this.ring = ring;
    }

    /** The ciphertext and the id of the master key it is sealed under. */
    public record Sealed(String masterKeyId, byte[] ciphertext) {
    }

    /** Encrypts under the current master key. */
    public Sealed seal(String secret, String accessKeyId) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, ring.current(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(accessKeyId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return new Sealed(ring.currentId(),
                    ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /**
     * Decrypts with whichever configured master key has {@code masterKeyId}.
     *
     * @throws IllegalStateException if that key is not configured or the ciphertext does not authenticate
     */
    public String open(String masterKeyId, byte[] ciphertext, String accessKeyId) {
        SecretKey key = ring.find(masterKeyId).orElseThrow(() -> new IllegalStateException(
                "master key '" + masterKeyId + "' is not configured (add it to EDGE_MASTER_KEYS_OLD)"));
        if (ciphertext == null || ciphertext.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new IllegalStateException("sealed secret of " + accessKeyId + " is truncated");
        }
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, ciphertext, 0, NONCE_BYTES));
            cipher.updateAAD(accessKeyId.getBytes(StandardCharsets.UTF_8));
            byte[] plain = cipher.doFinal(ciphertext, NONCE_BYTES, ciphertext.length - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("sealed secret of " + accessKeyId + " does not authenticate", e);
        }
    }

    public boolean isCurrent(String masterKeyId) {
        return ring.currentId().equals(masterKeyId);
    }

    public String currentMasterKeyId() {
        return ring.currentId();
    }
}
