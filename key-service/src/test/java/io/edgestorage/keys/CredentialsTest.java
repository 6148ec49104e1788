package io.edgestorage.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class CredentialsTest {

    @Test
    void accessKeyIds_areTwentyUpperCaseAlphanumericsStartingWithAkia_andUnique() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String id = Credentials.newAccessKeyId();
            assertThat(id).matches("AKIA[A-Z0-9]{16}");
            assertThat(Credentials.isAccessKeyId(id)).isTrue();
            seen.add(id);
        }
        assertThat(seen).hasSize(1000);
    }

    @Test
    void secrets_areFortyCharactersOfTheBase64Alphabet() {
        for (int i = 0; i < 100; i++) {
            assertThat(Credentials.newSecretAccessKey()).matches("[A-Za-z0-9+/]{40}");
        }
    }

    @Test
    void apiTokens_carryTheEdgePrefix_andAreHashedWithSha256() {
        String token = Credentials.newApiToken();
        assertThat(token).matches("edge_[A-Za-z0-9_-]{43}");
        assertThat(Credentials.tokenHash("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(Credentials.newTokenId()).matches("tok_[a-z0-9]{16}");
    }

    @Test
    void isAccessKeyId_rejectsAnythingElse() {
        assertThat(Credentials.isAccessKeyId(null)).isFalse();
        assertThat(Credentials.isAccessKeyId("AKIAIOSFODNN7EXAMPLE")).isTrue();
        assertThat(Credentials.isAccessKeyId("AKIAiosfodnn7example")).isFalse();
        assertThat(Credentials.isAccessKeyId("ASIAIOSFODNN7EXAMPLE")).isFalse();
        assertThat(Credentials.isAccessKeyId("AKIAIOSFODNN7EXAMPL")).isFalse();
        assertThat(Credentials.isAccessKeyId("AKIA/../../etc/passw")).isFalse();
    }
}
