package io.edgestorage.loadgen;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/**
 * Open-loop, constant-rate HTTP load: request {@code i} is due at {@code start + i / rate}, whether or not
 * earlier ones have been answered, and its latency runs from that due time — so a stalled server is
 * charged for every request it delayed (no coordinated omission, as in wrk2). A warm-up at the same rate
 * precedes the measured window; the run ends by itself after warm-up + duration + at most the request
 * timeout. See {@link Options#USAGE} and deploy/bench/loadgen/README.md.
 */
public final class LoadGen {

    private LoadGen() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
            System.out.println(Options.USAGE);
            System.exit(args.length == 0 ? 2 : 0);
            return;
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Report report = run(options);
        report.print(System.out);
        if (options.csv() != null) {
            report.appendCsv(options.csv());
        }
        if (options.hgrm() != null) {
            report.writeDistribution(options.hgrm());
        }
        System.exit(0);
    }

    /** Runs the load described by {@code options} and returns what was measured. */
    public static Report run(Options options) throws IOException, InterruptedException {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(options.threads()));
        try {
            long intervalNanos = Math.max(1, Math.round(1e9 / options.rate()));
            // A short lead so every worker's loop is up before the first request is due.
            long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
            long windowStart = start + options.warmup().toNanos();
            long end = windowStart + options.duration().toNanos();
            List<Worker> workers = new ArrayList<>();
            for (int i = 0; i < options.threads(); i++) {
                int share = options.connections() / options.threads() + (i < options.connections() % options.threads() ? 1 : 0);
                workers.add(new Worker(vertx, options, share, windowStart));
            }
            pace(workers, start, end, intervalNanos);
            awaitAnswers(workers, System.nanoTime() + options.timeout().toNanos());
            Results total = new Results();
            for (Worker worker : workers) {
                total.add(worker.finish().join());
            }
            return new Report(options, total);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    /** Hands each request to the next worker at its due time; late wake-ups send at once (catching up). */
    private static void pace(List<Worker> workers, long start, long end, long intervalNanos) {
        long seq = 0;
        for (long due = start; due < end; due = start + (++seq) * intervalNanos) {
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            workers.get((int) (seq % workers.size())).submit(seq, due);
        }
    }

    private static void awaitAnswers(List<Worker> workers, long deadline) throws InterruptedException {
        while (System.nanoTime() < deadline) {
            long pending = 0;
            for (Worker worker : workers) {
                pending += worker.inFlight().join();
            }
            if (pending == 0) {
                return;
            }
            Thread.sleep(20);
        }
    }
}
