package io.edgestorage.objects.s3.semantics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.edgestorage.objects.Part;

class MultipartRulesTest {

    private static Part part(int number, String md5Hex) {
        return new Part("upload", number, 5, md5Hex, Map.of(), "blob-" + number, null);
    }

    @Test
    void theEtag_isTheMd5OfTheBinaryPartMd5s_thenTheirCount() {
        // parts "hello" and "world"; expected values computed apart: md5(bytes.fromhex(a) + bytes.fromhex(b))
        Part hello = part(1, "5d41402abc4b2a76b9719d911017c592");
        Part world = part(2, "7d793037a0760186574b0282f2f435e7");
        assertThat(MultipartRules.etag(List.of(hello, world))).isEqualTo("065947336a2f2a95ba8899f3675c3be6-2");
        assertThat(MultipartRules.etag(List.of(hello))).isEqualTo("62109206880d38a4010a98e11243924a-1");
    }
}
