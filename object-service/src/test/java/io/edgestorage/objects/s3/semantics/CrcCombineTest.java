package io.edgestorage.objects.s3.semantics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.edgestorage.sigv4.checksum.Crc64Nvme;

/** Combined CRCs against the CRC of the whole body, computed directly. */
class CrcCombineTest {

    private static long crc(Checksum c, byte[] bytes, int from, int to) {
        c.reset();
        c.update(bytes, from, to - from);
        return c.getValue();
    }

    private static void assertCombines(CrcCombine combine, Checksum c, byte[] body, int split) {
        long whole = crc(c, body, 0, body.length);
        long a = crc(c, body, 0, split);
        long b = crc(c, body, split, body.length);
        assertThat(combine.combine(a, b, body.length - split))
                .as("split at %d of %d", split, body.length).isEqualTo(whole);
    }

    @ParameterizedTest(name = "a body of {0} bytes, split anywhere")
    @ValueSource(ints = {0, 1, 2, 7, 8, 9, 100, 4096, 100_003})
    void theCombinationOfTwoCrcs_isTheCrcOfTheConcatenation(int size) {
        byte[] body = new byte[size];
        new Random(size).nextBytes(body);
        Random splits = new Random(size + 1);
        for (int i = 0; i < 12; i++) {
            int split = i == 0 ? 0 : i == 1 ? size : splits.nextInt(size + 1);
            assertCombines(CrcCombine.CRC32, new CRC32(), body, split);
            assertCombines(CrcCombine.CRC32C, new CRC32C(), body, split);
            assertCombines(CrcCombine.CRC64NVME, new Crc64Nvme(), body, split);
        }
    }

    @ParameterizedTest(name = "{0} parts")
    @ValueSource(ints = {2, 3, 10})
    void foldingManyParts_isTheCrcOfTheWhole(int parts) {
        byte[] body = new byte[parts * 1000 + 17];
        new Random(parts).nextBytes(body);
        int[] bounds = new int[parts + 1];
        for (int i = 1; i < parts; i++) {
            bounds[i] = i * 1000 - i * 13;
        }
        bounds[parts] = body.length;
        Checksum[] checksums = {new CRC32(), new CRC32C(), new Crc64Nvme()};
        CrcCombine[] combines = {CrcCombine.CRC32, CrcCombine.CRC32C, CrcCombine.CRC64NVME};
        for (int k = 0; k < checksums.length; k++) {
            long combined = crc(checksums[k], body, bounds[0], bounds[1]);
            for (int i = 1; i < parts; i++) {
                combined = combines[k].combine(combined, crc(checksums[k], body, bounds[i], bounds[i + 1]),
                        bounds[i + 1] - bounds[i]);
            }
            assertThat(combined).isEqualTo(crc(checksums[k], body, 0, body.length));
        }
    }

    @ParameterizedTest(name = "a second part of {0} bytes")
    @ValueSource(ints = {5 * 1024 * 1024, 16 * 1024 * 1024 + 3})
    void largeLengths_combine(int size) {
        byte[] first = "head".getBytes();
        byte[] second = new byte[size];
        Arrays.fill(second, (byte) 'B');
        byte[] body = new byte[first.length + size];
        System.arraycopy(first, 0, body, 0, first.length);
        System.arraycopy(second, 0, body, first.length, size);
        assertCombines(CrcCombine.CRC32, new CRC32(), body, first.length);
        assertCombines(CrcCombine.CRC32C, new CRC32C(), body, first.length);
        assertCombines(CrcCombine.CRC64NVME, new Crc64Nvme(), body, first.length);
    }
}
