package io.edgestorage.loadgen;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The command line of {@link LoadGen}. Every option has a default except {@code --url}.
 *
 * @param url         absolute http(s) URL
 * @param method      HTTP method
 * @param headers     "Name: value" pairs, in order
 * @param body        request body template, or null; {@code {{seq}}} in it becomes the request's number
 * @param rate        intended requests per second, spread evenly
 * @param duration    the measured window
 * @param warmup      sent at the same rate before the window and not measured
 * @param connections HTTP/1.1 keep-alive connections, shared by all workers
 * @param threads     event loops sending (each owns connections / threads connections)
 * @param timeout     per request; also how long the end of a run waits for answers still due
 * @param csv         append a summary row here, or null
 * @param label       the row's label (defaults to method and path)
 * @param hgrm        write the full percentile distribution (HdrHistogram text) here, or null
 */
public record Options(URI url, String method, List<Header> headers, String body, double rate, Duration duration,
        Duration warmup, int connections, int threads, Duration timeout, Path csv, String label, Path hgrm) {

    public record Header(String name, String value) {
    }

    static final String USAGE = """
            usage: loadgen --url URL [options]
              --url URL              target (http or https)
              --method M             HTTP method (GET)
              -H, --header 'N: v'    request header, repeatable
              --body TEXT            request body; {{seq}} is replaced by the request's sequence number
              --body-file FILE       request body from a file (same placeholder)
              --rate N               intended requests per second (100)
              --duration D           measured window, e.g. 20s, 1m (10s)
              --warmup D             unmeasured lead-in at the same rate (5s)
              --connections N        keep-alive connections (16)
              --threads N            sending event loops (1)
              --timeout D            per-request timeout (10s)
              --csv FILE             append a summary row (header written when the file is new)
              --label TEXT           label of the CSV row
              --hgrm FILE            write the percentile distribution (HdrHistogram format)
            Latency is measured from each request's intended send time (open loop, no coordinated omission).""";

    static Options parse(String[] args) throws IOException {
        URI url = null;
        String method = "GET";
        List<Header> headers = new ArrayList<>();
        String body = null;
        double rate = 100;
        Duration duration = Duration.ofSeconds(10);
        Duration warmup = Duration.ofSeconds(5);
        int connections = 16;
        int threads = 1;
        Duration timeout = Duration.ofSeconds(10);
        Path csv = null;
        String label = null;
        Path hgrm = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-h") || arg.equals("--help")) {
                throw new IllegalArgumentException(USAGE);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(arg + " needs a value\n" + USAGE);
            }
            String value = args[++i];
            switch (arg) {
                case "--url" -> url = URI.create(value);
                case "--method" -> method = value.toUpperCase(Locale.ROOT);
                case "-H", "--header" -> headers.add(header(value));
                case "--body" -> body = value;
                case "--body-file" -> body = Files.readString(Path.of(value));
                case "--rate" -> rate = Double.parseDouble(value);
                case "--duration" -> duration = duration(value);
                case "--warmup" -> warmup = duration(value);
                case "--connections" -> connections = Integer.parseInt(value);
                case "--threads" -> threads = Integer.parseInt(value);
                case "--timeout" -> timeout = duration(value);
                case "--csv" -> csv = Path.of(value);
                case "--label" -> label = value;
                case "--hgrm" -> hgrm = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + arg + "\n" + USAGE);
            }
        }
        if (url == null || url.getHost() == null || !(url.getScheme().equals("http") || url.getScheme().equals("https"))) {
            throw new IllegalArgumentException("--url must be an absolute http(s) URL\n" + USAGE);
        }
        if (!(rate > 0) || duration.isZero() || duration.isNegative() || warmup.isNegative() || connections < 1
                || threads < 1 || threads > connections || timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("rate, duration, connections and timeout must be positive, warm-up "
                    + "not negative, and 1 <= threads <= connections\n" + USAGE);
        }
        if (label == null) {
            label = method + " " + (url.getRawPath().isEmpty() ? "/" : url.getRawPath());
        }
        return new Options(url, method, List.copyOf(headers), body, rate, duration, warmup, connections, threads,
                timeout, csv, label, hgrm);
    }

    private static Header header(String value) {
        int colon = value.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("a header is 'Name: value', got: " + value);
        }
        return new Header(value.substring(0, colon).trim(), value.substring(colon + 1).trim());
    }

    /** {@code 500ms}, {@code 20s}, {@code 2m}, or plain seconds. */
    static Duration duration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        if (t.endsWith("s")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
        }
        if (t.endsWith("m")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 60_000));
        }
        return Duration.ofMillis(Math.round(Double.parseDouble(t) * 1000));
    }
}
