package io.edgestorage.objects.blob.s3.bench;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.edgestorage.objects.blob.BlobRead;
import io.edgestorage.objects.blob.UniBridge;
import io.edgestorage.objects.blob.s3.S3BlobStore;
import io.edgestorage.objects.blob.s3.S3StoreSettings;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * How the two ways to talk to the upstream compare, in one JVM against one upstream: the s3 blob store
 * (our SigV4 signer over the Vert.x HTTP client) and the AWS SDK for Java v2 async client (Netty), each
 * doing GETs and PUTs of the same size at the same concurrency, rounds alternating. Reports requests per
 * second and the JVM's CPU milliseconds per request. Run by deploy/bench/upstream-client.sh.
 *
 * <p>Arguments: endpoint accessKey secretKey bucket size concurrency seconds rounds.
 */
public final class UpstreamClientComparison {

    private UpstreamClientComparison() {
    }

    public static void main(String[] args) throws Exception {
        URI endpoint = URI.create(args[0]);
        String accessKey = args[1];
        String secret = args[2];
        String bucket = args[3];
        int size = Integer.parseInt(args[4]);
        int concurrency = Integer.parseInt(args[5]);
        int seconds = Integer.parseInt(args[6]);
        int rounds = Integer.parseInt(args[7]);
        byte[] body = new byte[size];
        new Random(1).nextBytes(body);

        Vertx vertx = Vertx.vertx();
        S3BlobStore store = new S3BlobStore(vertx, new S3StoreSettings(endpoint, "us-east-1", bucket, accessKey, secret,
                true, "bench-upstream-client/", Optional.empty(), 64L << 20, 8 << 20, 4, 64, Duration.ofSeconds(2),
                Duration.ofSeconds(30), 2));
        S3AsyncClient sdk = S3AsyncClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .forcePathStyle(true).httpClientBuilder(NettyNioAsyncHttpClient.builder().maxConcurrency(64))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secret)))
                .build();

        String blobId = UniBridge.toFuture(store.create(size)).compose(w -> {
            w.write(Buffer.buffer(body));
            return UniBridge.toFuture(w.commit());
        }).toCompletionStage().toCompletableFuture().get().blobId();
        String sdkKey = "bench-upstream-client/sdk-object";
        sdk.putObject(b -> b.bucket(bucket).key(sdkKey), AsyncRequestBody.fromBytes(body)).get();

        Supplier<CompletableFuture<?>> oursGet = () -> store.open(blobId, size, 0, size).flatMap(BlobRead::bytes)
                .subscribeAsCompletionStage();
        Supplier<CompletableFuture<?>> sdkGet = () -> sdk.getObject(b -> b.bucket(bucket).key(sdkKey),
                AsyncResponseTransformer.toBytes());
        Supplier<CompletableFuture<?>> oursPut = () -> UniBridge.toFuture(store.create(size)).compose(w -> {
            w.write(Buffer.buffer(body));
            return UniBridge.toFuture(w.commit());
        }).compose(written -> UniBridge.toFuture(store.delete(written.blobId()))).toCompletionStage().toCompletableFuture();
        Supplier<CompletableFuture<?>> sdkPut = () -> sdk.putObject(b -> b.bucket(bucket).key(sdkKey + "-put"),
                AsyncRequestBody.fromBytes(body));

        System.out.println("client,op,size,concurrency,round,requests_per_s,cpu_ms_per_request");
        for (int round = 1; round <= rounds + 1; round++) {
            boolean warmUp = round == 1;
            report("vertx-sigv4", "GET", size, concurrency, round, warmUp, run(oursGet, concurrency, seconds));
            report("aws-sdk-v2-netty", "GET", size, concurrency, round, warmUp, run(sdkGet, concurrency, seconds));
            report("vertx-sigv4", "PUT", size, concurrency, round, warmUp, run(oursPut, concurrency, seconds));
            report("aws-sdk-v2-netty", "PUT", size, concurrency, round, warmUp, run(sdkPut, concurrency, seconds));
        }
        store.delete(blobId).await().indefinitely();
        sdk.deleteObject(b -> b.bucket(bucket).key(sdkKey)).get();
        sdk.close();
        store.close();
        vertx.close().toCompletionStage().toCompletableFuture().get();
        System.exit(0); // the SDK's Netty threads would keep the JVM alive
    }

    private record Result(long requests, double seconds, long cpuNanos) {
    }

    private static void report(String client, String op, int size, int concurrency, int round, boolean warmUp,
            Result r) {
        if (!warmUp) {
            System.out.printf("%s,%s,%d,%d,%d,%.0f,%.3f%n", client, op, size, concurrency, round - 1,
                    r.requests() / r.seconds(), r.cpuNanos() / 1e6 / Math.max(1, r.requests()));
        }
    }

    /** {@code concurrency} loops, each starting the next request when its last one finished, for {@code seconds}. */
    private static Result run(Supplier<CompletableFuture<?>> request, int concurrency, int seconds) throws Exception {
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory
                .getOperatingSystemMXBean();
        AtomicLong done = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        CompletableFuture<?>[] loops = new CompletableFuture<?>[concurrency];
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        for (int i = 0; i < concurrency; i++) {
            CompletableFuture<Void> loop = new CompletableFuture<>();
            loops[i] = loop;
            next(request, done, stop, loop);
        }
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        CompletableFuture.allOf(loops).get();
        return new Result(done.get(), (System.nanoTime() - t0) / 1e9, os.getProcessCpuTime() - cpu0);
    }

    private static void next(Supplier<CompletableFuture<?>> request, AtomicLong done, AtomicBoolean stop,
            CompletableFuture<Void> loop) {
        if (stop.get()) {
            loop.complete(null);
            return;
        }
        request.get().whenComplete((r, e) -> {
            if (e != null) {
                loop.completeExceptionally(e);
                return;
            }
            done.incrementAndGet();
            next(request, done, stop, loop);
        });
    }
}
