package io.edgestorage.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class SecretCipherTest {

    static final String KEY_A = "dGVzdC1vbmx5LW1hc3Rlci1rZXktMzItYnl0ZXMhISE=";
    static final String KEY_B = "b2xkLXRlc3QtbWFzdGVyLWtleS0zMi1ieXRlcy1vayE=";
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    @Test
    void sealThenOpen_roundTrips_withAFreshNonceEachTime() {
        SecretCipher cipher = new SecretCipher(MasterKeyRing.of(KEY_A, Optional.empty(), List.of()));
        SecretCipher.Sealed one = cipher.seal(SECRET, "AKIAIOSFODNN7EXAMPLE");
        SecretCipher.Sealed two = cipher.seal(SECRET, "AKIAIOSFODNN7EXAMPLE");
        assertThat(one.ciphertext()).isNotEqualTo(two.ciphertext()).hasSize(12 + 40 + 16);
        assertThat(one.masterKeyId()).matches("mk-[0-9a-f]{12}");
        assertThat(cipher.open(one.masterKeyId(), one.ciphertext(), "AKIAIOSFODNN7EXAMPLE")).isEqualTo(SECRET);
    }

    @Test
    void aCiphertextMovedToAnotherKeyId_doesNotAuthenticate() {
        SecretCipher cipher = new SecretCipher(MasterKeyRing.of(KEY_A, Optional.empty(), List.of()));
        SecretCipher.Sealed sealed = cipher.seal(SECRET, "AKIAIOSFODNN7EXAMPLE");
        assertThatThrownBy(() -> cipher.open(sealed.masterKeyId(), sealed.ciphertext(), "AKIAOTHERKEY00000000"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("does not authenticate")
                .hasMessageNotContaining(SECRET);
        byte[] tampered = sealed.ciphertext().clone();
        tampered[20] ^= 1;
        assertThatThrownBy(() -> cipher.open(sealed.masterKeyId(), tampered, "AKIAIOSFODNN7EXAMPLE"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void afterAMasterKeyRotation_oldCiphertextsStillOpen_andNewOnesUseTheNewKey() {
        SecretCipher before = new SecretCipher(MasterKeyRing.of(KEY_B, Optional.empty(), List.of()));
        SecretCipher.Sealed old = before.seal(SECRET, "AKIAIOSFODNN7EXAMPLE");
        SecretCipher after = new SecretCipher(MasterKeyRing.of(KEY_A, Optional.of("2026-11"), List.of(KEY_B)));
        assertThat(after.open(old.masterKeyId(), old.ciphertext(), "AKIAIOSFODNN7EXAMPLE")).isEqualTo(SECRET);
        assertThat(after.seal(SECRET, "AKIAIOSFODNN7EXAMPLE").masterKeyId()).isEqualTo("2026-11");
        assertThat(after.isCurrent(old.masterKeyId())).isFalse();
    }

    @Test
    void aCiphertextUnderAnUnconfiguredMasterKey_failsNamingTheKeyId() {
        SecretCipher cipher = new SecretCipher(MasterKeyRing.of(KEY_A, Optional.empty(), List.of()));
        assertThatThrownBy(() -> cipher.open("mk-gone", new byte[40], "AKIAIOSFODNN7EXAMPLE"))
                .hasMessageContaining("mk-gone").hasMessageContaining("EDGE_MASTER_KEYS_OLD");
    }

    @Test
    void malformedMasterKeys_areRefusedWithoutEchoingThem() {
        assertThatThrownBy(() -> MasterKeyRing.of("", Optional.empty(), List.of()))
                .hasMessageContaining("EDGE_MASTER_KEY is required");
        assertThatThrownBy(() -> MasterKeyRing.of("c2hvcnQ=", Optional.empty(), List.of()))
                .hasMessageContaining("exactly 32 bytes").hasMessageNotContaining("c2hvcnQ=");
        assertThatThrownBy(() -> MasterKeyRing.of("!!notbase64!!", Optional.empty(), List.of()))
                .hasMessageContaining("not valid base64");
        assertThatThrownBy(() -> MasterKeyRing.of(KEY_A, Optional.empty(), List.of("old:c2hvcnQ=")))
                .hasMessageContaining("EDGE_MASTER_KEYS_OLD entry 1");
        assertThat(MasterKeyRing.of(KEY_A, Optional.empty(), List.of("old:" + KEY_B, "")).size()).isEqualTo(2);
    }
}
