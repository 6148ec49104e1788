package io.edgestorage.sigv4.checksum;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class ChecksumHasherTest {

    private static final byte[] CHECK_INPUT = "123456789".getBytes(StandardCharsets.US_ASCII);

    /** The catalogue check values for "123456789" (and the SHA test vectors), base64 as in x-amz-checksum-*. */
    static Stream<Arguments> checkValues() {
        return Stream.of(
                Arguments.of(ChecksumAlgorithm.CRC32, "cbf43926"),
                Arguments.of(ChecksumAlgorithm.CRC32C, "e3069283"),
                Arguments.of(ChecksumAlgorithm.CRC64NVME, "ae8b14860a799888"),
                Arguments.of(ChecksumAlgorithm.SHA1, "f7c3bc1d808e04732adf679965ccc34ca7ae3441"),
                Arguments.of(ChecksumAlgorithm.SHA256, "15e2b0d3c33891ebb0f1ef609ec419420c20e320ce94c65fbc8c3312448eb225"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("checkValues")
    void digestOf123456789_isTheCatalogueCheckValue(ChecksumAlgorithm algorithm, String hex) {
        ChecksumHasher hasher = algorithm.newHasher();
        hasher.update(ByteBuffer.wrap(CHECK_INPUT));

        byte[] digest = hasher.digest();

        assertThat(io.edgestorage.sigv4.SigV4.hex(digest)).isEqualTo(hex);
        assertThat(digest).hasSize(algorithm.digestLength());
    }

    @Test
    void crc32OfEmptyBody_isTheValueTheJsSdkPutsInPresignedPutUrls() {
        assertThat(ChecksumAlgorithm.CRC32.newHasher().digestBase64()).isEqualTo("AAAAAA==");
    }

    @ParameterizedTest
    @EnumSource(ChecksumAlgorithm.class)
    void updatingInRandomPieces_equalsOneShot_forHeapAndDirectBuffers(ChecksumAlgorithm algorithm) {
        Random random = new Random(7);
        byte[] data = new byte[20_003];
        random.nextBytes(data);
        ChecksumHasher oneShot = algorithm.newHasher();
        oneShot.update(data, 0, data.length);

        ChecksumHasher pieces = algorithm.newHasher();
        int at = 0;
        while (at < data.length) {
            int n = Math.min(data.length - at, random.nextInt(70));
            ByteBuffer buffer = random.nextBoolean() ? ByteBuffer.allocateDirect(n) : ByteBuffer.allocate(n);
            buffer.put(data, at, n).flip();
            pieces.update(buffer);
            at += n;
        }

        assertThat(pieces.digestBase64()).isEqualTo(oneShot.digestBase64());
    }

    @Test
    void crc64Nvme_matchesBitwiseReference_onRandomData() {
        Random random = new Random(11);
        for (int round = 0; round < 50; round++) {
            byte[] data = new byte[random.nextInt(300)];
            random.nextBytes(data);
            Crc64Nvme crc = new Crc64Nvme();
            crc.update(data, 0, data.length);
            assertThat(crc.getValue()).isEqualTo(bitwiseCrc64Nvme(data));
        }
    }

    @Test
    void algorithms_areFoundByHeaderNameAndByName() {
        assertThat(ChecksumAlgorithm.fromHeaderName("X-Amz-Checksum-Crc64nvme")).contains(ChecksumAlgorithm.CRC64NVME);
        assertThat(ChecksumAlgorithm.fromName("crc32c")).contains(ChecksumAlgorithm.CRC32C);
        assertThat(ChecksumAlgorithm.fromHeaderName("x-amz-checksum-md5")).isEmpty();
        assertThat(ChecksumAlgorithm.SHA256.headerName()).isEqualTo("x-amz-checksum-sha256");
    }

    /** One bit at a time, straight from the definition: a reference independent of the table code. */
    private static long bitwiseCrc64Nvme(byte[] data) {
        long crc = ~0L;
        for (byte b : data) {
            crc ^= b & 0xFF;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0x9A6C9329AC4BC9B5L : crc >>> 1;
            }
        }
        return ~crc;
    }
}
