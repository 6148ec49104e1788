package io.edgestorage.loadgen;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.stream.Collectors;

import org.HdrHistogram.Histogram;

/** Prints a run's figures for people, as a CSV row and as a full percentile distribution. */
public final class Report {

    static final String CSV_HEADER = "time_utc,label,method,url,rate,duration_s,warmup_s,connections,threads,sent,"
            + "answered,errors,achieved_rps,p50_ms,p90_ms,p99_ms,p999_ms,max_ms,service_p50_ms,service_p99_ms,outcomes";

    private final Options options;
    private final Results results;

    Report(Options options, Results results) {
        this.options = options;
        this.results = results;
    }

    public double achievedRate() {
        return results.answered / (options.duration().toMillis() / 1000.0);
    }

    /** Latency from the intended send time, in milliseconds. */
    public double percentileMillis(double percentile) {
        return millis(results.fromIntended, percentile);
    }

    public double maxMillis() {
        return results.fromIntended.getMaxValue() / 1000.0;
    }

    public long sent() {
        return results.sent;
    }

    public long answered() {
        return results.answered;
    }

    public long errors() {
        return results.errors();
    }

    public String outcomes() {
        return results.outcomes.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
    }

    void print(PrintStream out) {
        out.printf(Locale.ROOT, "loadgen: %s %s at %.0f req/s for %ds after %ds warm-up, %d connections, %d thread(s)%n",
                options.method(), options.url(), options.rate(), options.duration().toSeconds(),
                options.warmup().toSeconds(), options.connections(), options.threads());
        out.printf(Locale.ROOT, "requests: %d sent, %d answered, achieved %.1f req/s; outcomes: %s%n", sent(),
                answered(), achievedRate(), outcomes().isEmpty() ? "none" : outcomes());
        out.printf(Locale.ROOT, "latency from intended send (ms): p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n",
                percentileMillis(50), percentileMillis(90), percentileMillis(99), percentileMillis(99.9), maxMillis());
        out.printf(Locale.ROOT, "service time, from actual send (ms): p50 %.2f  p99 %.2f  max %.2f%n",
                millis(results.fromSent, 50), millis(results.fromSent, 99), results.fromSent.getMaxValue() / 1000.0);
        out.printf(Locale.ROOT, "RESULT achieved_rps=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f p999_ms=%.2f max_ms=%.2f "
                + "errors=%d%n", achievedRate(), percentileMillis(50), percentileMillis(90), percentileMillis(99),
                percentileMillis(99.9), maxMillis(), errors());
    }

    void appendCsv(Path csv) throws IOException {
        boolean fresh = !Files.exists(csv) || Files.size(csv) == 0;
        String row = String.format(Locale.ROOT, "%s,%s,%s,%s,%.1f,%d,%d,%d,%d,%d,%d,%d,%.1f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%s%n",
                Instant.now().truncatedTo(ChronoUnit.SECONDS), quote(options.label()), options.method(),
                quote(options.url().toString()), options.rate(), options.duration().toSeconds(),
                options.warmup().toSeconds(), options.connections(), options.threads(), sent(), answered(), errors(),
                achievedRate(), percentileMillis(50), percentileMillis(90), percentileMillis(99),
                percentileMillis(99.9), maxMillis(), millis(results.fromSent, 50), millis(results.fromSent, 99),
                quote(outcomes()));
        Files.writeString(csv, (fresh ? CSV_HEADER + "\n" : "") + row, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    void writeDistribution(Path file) throws IOException {
        try (PrintStream out = new PrintStream(Files.newOutputStream(file), false, StandardCharsets.UTF_8)) {
            results.fromIntended.outputPercentileDistribution(out, 1000.0);
        }
    }

    private static double millis(Histogram histogram, double percentile) {
        return histogram.getTotalCount() == 0 ? 0 : histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    private static String quote(String value) {
        return value.contains(",") || value.contains("\"") || value.contains(" ")
                ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }
}
