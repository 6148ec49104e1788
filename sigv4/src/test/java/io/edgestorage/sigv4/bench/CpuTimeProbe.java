package io.edgestorage.sigv4.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.Supplier;

/**
 * A companion to {@link SigV4Benchmark} for busy machines: runs the same three operations and reports
 * operations per second of <em>this thread's CPU time</em>, which other processes competing for the
 * cores do not inflate the way they inflate wall-clock throughput. Run by hand, see sigv4/README.md.
 */
public final class CpuTimeProbe {

    private CpuTimeProbe() {
    }

    public static void main(String[] args) {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        SigV4Benchmark bench = new SigV4Benchmark();
        bench.setUp();
        try {
            report("presign", bench::presign, iterations);
            report("verify", bench::verify, iterations);
            report("awsSdkPresign", bench::awsSdkPresign, Math.max(1000, iterations / 20));
        } finally {
            bench.tearDown();
        }
    }

    private static void report(String name, Supplier<Object> op, int iterations) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Object sink = null;
        for (int round = 0; round < 5; round++) {
            long cpuStart = threads.getCurrentThreadCpuTime();
            long wallStart = System.nanoTime();
            for (int i = 0; i < iterations; i++) {
                sink = op.get();
            }
            long cpu = threads.getCurrentThreadCpuTime() - cpuStart;
            long wall = System.nanoTime() - wallStart;
            System.out.printf("%-14s round %d: %,12.0f ops/s per CPU-second  (%,12.0f ops/s wall)%n", name, round,
                    iterations * 1e9 / cpu, iterations * 1e9 / wall);
        }
        if (sink == null) {
            throw new IllegalStateException("no result");
        }
    }
}
