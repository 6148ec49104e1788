package io.edgestorage.sigv4.checksum;

import java.util.zip.Checksum;

/**
 * CRC-64/NVME (the S3 {@code CRC64NVME} checksum): reflected polynomial {@code 0x9A6C9329AC4BC9B5},
 * initial value and final XOR all ones. Check value for {@code "123456789"}: {@code 0xAE8B14860A799888}.
 * Slicing-by-8 table implementation: the JDK has no CRC-64, and eight tables of 256 longs are small.
 */
public final class Crc64Nvme implements Checksum {

    private static final long POLYNOMIAL_REFLECTED = 0x9A6C9329AC4BC9B5L;
    private static final long[][] TABLES = buildTables();

    private long crc = ~0L;

    private static long[][] buildTables() {
        long[][] tables = new long[8][256];
        for (int n = 0; n < 256; n++) {
            long c = n;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? (c >>> 1) ^ POLYNOMIAL_REFLECTED : c >>> 1;
            }
            tables[0][n] = c;
        }
        for (int n = 0; n < 256; n++) {
            long c = tables[0][n];
            for (int t = 1; t < 8; t++) {
                c = tables[0][(int) (c & 0xFF)] ^ (c >>> 8);
                tables[t][n] = c;
            }
        }
        return tables;
    }

    @Override
    public void update(int b) {
        crc = TABLES[0][(int) ((crc ^ b) & 0xFF)] ^ (crc >>> 8);
    }

    @Override
    public void update(byte[] b, int off, int len) {
        long c = crc;
        int i = off;
        int end = off + len;
        long[][] t = TABLES;
        while (end - i >= 8) {
            c ^= (b[i] & 0xFFL) | (b[i + 1] & 0xFFL) << 8 | (b[i + 2] & 0xFFL) << 16 | (b[i + 3] & 0xFFL) << 24
                    | (b[i + 4] & 0xFFL) << 32 | (b[i + 5] & 0xFFL) << 40 | (b[i + 6] & 0xFFL) << 48
                    | (b[i + 7] & 0xFFL) << 56;
            c = t[7][(int) (c & 0xFF)] ^ t[6][(int) ((c >>> 8) & 0xFF)] ^ t[5][(int) ((c >>> 16) & 0xFF)]
                    ^ t[4][(int) ((c >>> 24) & 0xFF)] ^ t[3][(int) ((c >>> 32) & 0xFF)]
                    ^ t[2][(int) ((c >>> 40) & 0xFF)] ^ t[1][(int) ((c >>> 48) & 0xFF)] ^ t[0][(int) (c >>> 56)];
            i += 8;
        }
        for (; i < end; i++) {
            c = t[0][(int) ((c ^ b[i]) & 0xFF)] ^ (c >>> 8);
        }
        crc = c;
    }

    @Override
    public long getValue() {
        return ~crc;
    }

    @Override
    public void reset() {
        crc = ~0L;
    }
}
