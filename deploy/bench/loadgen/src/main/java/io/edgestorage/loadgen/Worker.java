package io.edgestorage.loadgen;

import java.util.concurrent.CompletableFuture;

import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * One event loop's share of the load: its own keep-alive connections and {@link Results}. The pacer hands
 * it requests at their intended times; a request that finds every connection busy waits in the client's
 * queue, and that wait counts, because latency runs from the intended time.
 */
final class Worker {

    private final Context context;
    private final HttpClient client;
    private final RequestOptions request;
    private final BodyTemplate body;
    private final long windowStart;
    private final Results results = new Results();
    private long inFlight;

    Worker(Vertx vertx, Options options, int connections, long windowStartNanos) {
        this.context = vertx.getOrCreateContext();
        boolean tls = options.url().getScheme().equals("https");
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setPipelining(false)
                .setSsl(tls).setTrustAll(tls).setVerifyHost(false)
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, options.timeout().toMillis())),
                new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
        int port = options.url().getPort() != -1 ? options.url().getPort() : tls ? 443 : 80;
        String uri = (options.url().getRawPath().isEmpty() ? "/" : options.url().getRawPath())
                + (options.url().getRawQuery() == null ? "" : "?" + options.url().getRawQuery());
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        options.headers().forEach(h -> headers.add(h.name(), h.value()));
        this.request = new RequestOptions().setMethod(HttpMethod.valueOf(options.method()))
                .setHost(options.url().getHost()).setPort(port).setURI(uri).setHeaders(headers)
                .setIdleTimeout(options.timeout().toMillis());
        this.body = options.body() == null ? null : new BodyTemplate(options.body());
        this.windowStart = windowStartNanos;
    }

    /** Called from any thread: sends request {@code seq} on this worker's event loop. */
    void submit(long seq, long intendedNanos) {
        context.runOnContext(v -> send(seq, intendedNanos));
    }

    private void send(long seq, long intendedNanos) {
        boolean measured = intendedNanos >= windowStart;
        if (measured) {
            results.sent++;
            inFlight++;
        }
        Buffer payload = body == null ? null : body.render(seq);
        long[] sentAt = {0};
        client.request(request).compose(req -> {
            sentAt[0] = System.nanoTime();
            return (payload == null ? req.send() : req.send(payload))
                    .compose(response -> response.body().map(ignored -> response.statusCode()));
        }).onComplete(outcome -> {
            if (!measured) {
                return;
            }
            inFlight--;
            if (outcome.succeeded()) {
                long done = System.nanoTime();
                results.answered(outcome.result(), intendedNanos, sentAt[0] == 0 ? intendedNanos : sentAt[0], done);
            } else {
                results.failed(outcome.cause());
            }
        });
    }

    /** Measured requests still unanswered (read on the worker's loop). */
    CompletableFuture<Long> inFlight() {
        CompletableFuture<Long> result = new CompletableFuture<>();
        context.runOnContext(v -> result.complete(inFlight));
        return result;
    }

    /** The results, with requests still unanswered counted as such. */
    CompletableFuture<Results> finish() {
        CompletableFuture<Results> result = new CompletableFuture<>();
        context.runOnContext(v -> {
            results.unfinished(inFlight);
            result.complete(results);
        });
        return result;
    }

    /** A body with {@code {{seq}}} placeholders, split once so each request only concatenates. */
    static final class BodyTemplate {
        private static final String PLACEHOLDER = "{{seq}}";
        private final String[] parts;
        private final Buffer fixed;

        BodyTemplate(String template) {
            this.parts = template.split(java.util.regex.Pattern.quote(PLACEHOLDER), -1);
            this.fixed = parts.length == 1 ? Buffer.buffer(template) : null;
        }

        Buffer render(long seq) {
            if (fixed != null) {
                return fixed;
            }
            String number = Long.toString(seq);
            StringBuilder text = new StringBuilder(parts[0]);
            for (int i = 1; i < parts.length; i++) {
                text.append(number).append(parts[i]);
            }
            return Buffer.buffer(text.toString());
        }
    }
}
