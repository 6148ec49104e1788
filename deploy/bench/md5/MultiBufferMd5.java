import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Random;

import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Would hashing several uploads at once (multi-buffer MD5 over SIMD lanes, as MinIO's md5-simd does) beat
 * the JDK's one-stream MD5, which is half of object-service's CPU per 1 MiB PUT? Hashes `streams` buffers of
 * `size` bytes together on JDK 17's incubating Vector API, one stream per lane, and the same buffers one by one
 * with MessageDigest; prints both rates and checks every digest against MessageDigest's.
 *
 * <p>Run: deploy/bench/md5/run.sh [lanes: 16 (AVX-512) or 8 (AVX2)] [streams in use] [size in bytes]
 */
public class MultiBufferMd5 {
    private static final int[] K = new int[64];
    private static final int[] SHIFT = {7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
        5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
        4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
        6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21};
    private static final VarHandle LITTLE_ENDIAN_INT =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    static {
        for (int i = 0; i < 64; i++) {
            K[i] = (int) (long) Math.floor(Math.abs(Math.sin(i + 1)) * 4294967296.0);
        }
    }

    private final VectorSpecies<Integer> species;
    private final int lanes;
    /** a of every lane, then b, c and d. */
    private final int[] state;
    /** One block of every lane, transposed: word i of lane l at [i * lanes + l]. */
    private final int[] words;

    MultiBufferMd5(VectorSpecies<Integer> species) {
        this.species = species;
        this.lanes = species.length();
        this.state = new int[4 * lanes];
        this.words = new int[16 * lanes];
    }

    void reset() {
        Arrays.fill(state, 0, lanes, 0x67452301);
        Arrays.fill(state, lanes, 2 * lanes, 0xefcdab89);
        Arrays.fill(state, 2 * lanes, 3 * lanes, 0x98badcfe);
        Arrays.fill(state, 3 * lanes, 4 * lanes, 0x10325476);
    }

    /** Hashes `blocks` 64-byte blocks of every lane's buffer; a lane whose buffer is null hashes zeros. */
    void compress(byte[][] buffers, int offset, int blocks) {
        IntVector a = IntVector.fromArray(species, state, 0);
        IntVector b = IntVector.fromArray(species, state, lanes);
        IntVector c = IntVector.fromArray(species, state, 2 * lanes);
        IntVector d = IntVector.fromArray(species, state, 3 * lanes);
        for (int block = 0; block < blocks; block++) {
            for (int lane = 0; lane < lanes; lane++) {
                byte[] buffer = buffers[lane];
                if (buffer == null) {
                    continue;
                }
                int at = offset + 64 * block;
                for (int i = 0; i < 16; i++) {
                    words[i * lanes + lane] = (int) LITTLE_ENDIAN_INT.get(buffer, at + 4 * i);
                }
            }
            IntVector a0 = a, b0 = b, c0 = c, d0 = d;
            for (int i = 0; i < 64; i++) {
                IntVector f;
                int word;
                if (i < 16) {
                    f = d.lanewise(VectorOperators.XOR, b.and(c.lanewise(VectorOperators.XOR, d)));
                    word = i;
                } else if (i < 32) {
                    f = c.lanewise(VectorOperators.XOR, d.and(b.lanewise(VectorOperators.XOR, c)));
                    word = (5 * i + 1) & 15;
                } else if (i < 48) {
                    f = b.lanewise(VectorOperators.XOR, c).lanewise(VectorOperators.XOR, d);
                    word = (3 * i + 5) & 15;
                } else {
                    f = c.lanewise(VectorOperators.XOR, b.or(d.not()));
                    word = (7 * i) & 15;
                }
                IntVector sum = a.add(f).add(K[i]).add(IntVector.fromArray(species, words, word * lanes));
                IntVector rotated = b.add(sum.lanewise(VectorOperators.ROL, SHIFT[i]));
                a = d;
                d = c;
                c = b;
                b = rotated;
            }
            a = a.add(a0);
            b = b.add(b0);
            c = c.add(c0);
            d = d.add(d0);
        }
        a.intoArray(state, 0);
        b.intoArray(state, lanes);
        c.intoArray(state, 2 * lanes);
        d.intoArray(state, 3 * lanes);
    }

    byte[] digest(int lane) {
        ByteBuffer out = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        for (int word = 0; word < 4; word++) {
            out.putInt(state[word * lanes + lane]);
        }
        return out.array();
    }

    public static void main(String[] args) throws Exception {
        VectorSpecies<Integer> species = args.length > 0 && args[0].equals("8") ? IntVector.SPECIES_256
                : IntVector.SPECIES_512;
        int lanes = species.length();
        int streams = args.length > 1 ? Integer.parseInt(args[1]) : lanes;
        int size = args.length > 2 ? Integer.parseInt(args[2]) : 1 << 20;
        if (streams < 1 || streams > lanes || size % 64 != 0) {
            throw new IllegalArgumentException("1 <= streams <= " + lanes + " and size a multiple of 64");
        }
        byte[][] buffers = new byte[lanes][];
        Random random = new Random(1);
        for (int s = 0; s < streams; s++) {
            buffers[s] = new byte[size];
            random.nextBytes(buffers[s]);
        }
        MultiBufferMd5 md5 = new MultiBufferMd5(species);
        MessageDigest jdk = MessageDigest.getInstance("MD5");
        double bytes = (double) streams * size;
        System.out.printf("%d lanes, %d streams of %d bytes; aggregate MB/s (after a 20-round warm-up)%n",
                lanes, streams, size);
        for (int round = 0; round < 40; round++) {
            long t0 = System.nanoTime();
            md5.reset();
            md5.compress(buffers, 0, size / 64);
            long t1 = System.nanoTime();
            for (int s = 0; s < streams; s++) {
                jdk.update(buffers[s]);
                jdk.digest();
            }
            long t2 = System.nanoTime();
            if (round >= 20 && round % 4 == 3) {
                double lanesRate = bytes / (t1 - t0) * 1000, jdkRate = bytes / (t2 - t1) * 1000;
                System.out.printf("multi-buffer %6.0f   MessageDigest %6.0f   ratio %.2f%n",
                        lanesRate, jdkRate, lanesRate / jdkRate);
            }
        }
        // Padding of a message of exactly `size` bytes: one more block.
        byte[] padding = new byte[64];
        padding[0] = (byte) 0x80;
        long bits = (long) size * 8;
        for (int i = 0; i < 8; i++) {
            padding[56 + i] = (byte) (bits >>> (8 * i));
        }
        byte[][] paddings = new byte[lanes][];
        Arrays.fill(paddings, 0, streams, padding);
        md5.reset();
        md5.compress(buffers, 0, size / 64);
        md5.compress(paddings, 0, 1);
        for (int s = 0; s < streams; s++) {
            if (!Arrays.equals(md5.digest(s), MessageDigest.getInstance("MD5").digest(buffers[s]))) {
                throw new AssertionError("lane " + s + ": digest differs from MessageDigest's");
            }
        }
        System.out.println("digests of all " + streams + " streams equal MessageDigest's");
    }
}
