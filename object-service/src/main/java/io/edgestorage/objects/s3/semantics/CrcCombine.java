package io.edgestorage.objects.s3.semantics;

/**
 * Combines the CRCs of two consecutive byte sequences into the CRC of their concatenation, knowing only
 * the length of the second: {@code crc(A B) = crc(A) * x^(8 |B|) mod P  xor  crc(B)}, as zlib's
 * {@code crc32_combine}. Holds for reflected CRCs whose initial value and final XOR are both all ones
 * (CRC-32, CRC-32C, CRC-64/NVME): the two conditionings cancel. Polynomials are in reflected form, so
 * the highest bit of a value is x^0.
 */
public final class CrcCombine {

    /** CRC-32 (ISO-HDLC, zlib). */
    public static final CrcCombine CRC32 = new CrcCombine(32, 0xEDB88320L);
    /** CRC-32C (Castagnoli). */
    public static final CrcCombine CRC32C = new CrcCombine(32, 0x82F63B78L);
    /** CRC-64/NVME. */
    public static final CrcCombine CRC64NVME = new CrcCombine(64, 0x9A6C9329AC4BC9B5L);

    private final int width;
    private final long polynomial;
    private final long mask;
    /** {@code x^(2^k) mod P} for k = 0..63: a length in bits is a sum of powers of two. */
    private final long[] powers = new long[64];

    private CrcCombine(int width, long reflectedPolynomial) {
        this.width = width;
        this.polynomial = reflectedPolynomial;
        this.mask = width == 64 ? -1L : (1L << width) - 1;
        long p = 1L << (width - 2); // x^1
        for (int k = 0; k < powers.length; k++) {
            powers[k] = p;
            p = multiply(p, p);
        }
    }

    /** The CRC of A followed by B, from {@code crc(A)}, {@code crc(B)} and B's length in bytes. */
    public long combine(long crcA, long crcB, long lengthB) {
        if (lengthB < 0) {
            throw new IllegalArgumentException("negative length");
        }
        return (multiply(xToThe8n(lengthB), crcA & mask) ^ crcB) & mask;
    }

    /** {@code x^(8n) mod P}. */
    private long xToThe8n(long n) {
        long p = 1L << (width - 1); // x^0
        int k = 3; // 8n = n * 2^3
        while (n != 0) {
            if ((n & 1) != 0) {
                p = multiply(powers[k & 63], p);
            }
            n >>>= 1;
            k++;
        }
        return p;
    }

    /** {@code a * b mod P}, both reflected. */
    private long multiply(long a, long b) {
        long m = 1L << (width - 1);
        long product = 0;
        while (m != 0) {
            if ((a & m) != 0) {
                product ^= b;
            }
            m >>>= 1;
            b = (b & 1) != 0 ? (b >>> 1) ^ polynomial : b >>> 1;
        }
        return product & mask;
    }
}
