package io.edgestorage.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The master keys secrets are encrypted under: one current key (used for every new encryption) and
 * any number of older ones that still decrypt. Each has an id stored beside every ciphertext; unless
 * given explicitly, the id is {@code mk-} + the first 12 hex digits of SHA-256 over a fixed label and
 * the key, so it identifies the key without revealing it.
 */
public final class MasterKeyRing {

    private final String currentId;
    private final Map<String, SecretKey> keys;

    private MasterKeyRing(String currentId, Map<String, SecretKey> keys) {
        this.currentId = currentId;
        this.keys = Collections.unmodifiableMap(keys);
    }

    /**
     * @param currentBase64 the current key, base64 of exactly 32 bytes
     * @param currentId     optional explicit id of the current key
     * @param old           older keys, each {@code base64} or {@code id:base64}
     * @throws IllegalArgumentException with a message naming the bad entry (never its value)
     */
    public static MasterKeyRing of(String currentBase64, Optional<String> currentId, List<String> old) {
        if (currentBase64 == null || currentBase64.isBlank()) {
            throw new IllegalArgumentException("EDGE_MASTER_KEY is required: base64 of 32 random bytes");
        }
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        byte[] current = decode(currentBase64.trim(), "EDGE_MASTER_KEY");
        String id = currentId.filter(s -> !s.isBlank()).map(String::trim).orElseGet(() -> fingerprint(current));
        keys.put(id, new SecretKeySpec(current, "AES"));
        for (int i = 0; i < old.size(); i++) {
            String entry = old.get(i).trim();
            if (entry.isEmpty()) {
                continue;
            }
            int colon = entry.indexOf(':');
            String name = "EDGE_MASTER_KEYS_OLD entry " + (i + 1);
            byte[] bytes = decode(colon < 0 ? entry : entry.substring(colon + 1), name);
            String oldId = colon < 0 ? fingerprint(bytes) : entry.substring(0, colon).trim();
            if (oldId.isEmpty()) {
                throw new IllegalArgumentException(name + " has an empty id");
            }
            keys.putIfAbsent(oldId, new SecretKeySpec(bytes, "AES"));
        }
        return new MasterKeyRing(id, keys);
    }

    public String currentId() {
        return currentId;
    }

    SecretKey current() {
        return keys.get(currentId);
    }

    Optional<SecretKey> find(String id) {
        return Optional.ofNullable(keys.get(id));
    }

    public boolean knows(String id) {
        return keys.containsKey(id);
    }

    public int size() {
        return keys.size();
    }

    static String fingerprint(byte[] key) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update("edge-storage master key id\n".getBytes(StandardCharsets.UTF_8));
            return "mk-" + HexFormat.of().formatHex(digest.digest(key)).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] decode(String base64, String name) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " is not valid base64");
        }
        if (bytes.length != 32) {
            throw new IllegalArgumentException(name + " must be base64 of exactly 32 bytes (AES-256), got " + bytes.length);
        }
        return bytes;
    }

    @Override
    public String toString() {
        return "MasterKeyRing[current=" + currentId + ", ids=" + keys.keySet() + "]";
    }
}
