package io.edgestorage.sigv4.bench;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;

import io.edgestorage.sigv4.CredentialScope;
import io.edgestorage.sigv4.PresignRequest;
import io.edgestorage.sigv4.Presigner;
import io.edgestorage.sigv4.SigV4Verifier;
import io.edgestorage.sigv4.SigningKey;
import io.edgestorage.sigv4.SimpleHttpRequest;
import io.edgestorage.sigv4.Verification;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PutObjectPresignRequest;

/**
 * Presign and verify (query auth, cached signing key) against AWS SDK for Java v2's S3Presigner, in one run.
 * Not a test: run by hand, see sigv4/README.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SigV4Benchmark {

    private static final String ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final String ENDPOINT = "http://127.0.0.1:9000";

    private final Presigner presigner = new Presigner();
    private final SigV4Verifier verifier = SigV4Verifier.s3Defaults();
    /** Stands for a service's key cache: one lookup per operation, as in presign-service and object-service. */
    private final Map<KeyId, SigningKey> keys = new ConcurrentHashMap<>();
    private record KeyId(String accessKeyId, CredentialScope scope) {
    }

    private Instant now;
    private SimpleHttpRequest presignedPut;
    private S3Presigner sdkPresigner;
    private PutObjectPresignRequest sdkRequest;

    @Setup(Level.Trial)
    public void setUp() {
        now = Instant.now();
        presignedPut = toRequest(presigner.presign(presignRequest()));
        sdkPresigner = S3Presigner.builder().endpointOverride(URI.create(ENDPOINT)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET)))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()).build();
        sdkRequest = PutObjectPresignRequest.builder().signatureDuration(Duration.ofHours(1))
                .putObjectRequest(PutObjectRequest.builder().bucket("my-bucket").key("uploads/photo 1.jpg")
                        .contentType("image/jpeg").build()).build();
        if (!verify().isVerified()) {
            throw new IllegalStateException("benchmark request does not verify");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        sdkPresigner.close();
    }

    private PresignRequest presignRequest() {
        CredentialScope scope = CredentialScope.of(now, "us-east-1", "s3");
        return PresignRequest.builder().method("PUT").endpoint(ENDPOINT).bucket("my-bucket").key("uploads/photo 1.jpg")
                .expiresSeconds(3600).timestamp(now).accessKeyId(ACCESS_KEY)
                .signingKey(keys.computeIfAbsent(new KeyId(ACCESS_KEY, scope), k -> SigningKey.derive(SECRET, k.scope())))
                .signedHeader("content-type", "image/jpeg").build();
    }

    /** Ours: build the request (cached key lookup included) and sign it. */
    @Benchmark
    public String presign() {
        return presigner.presign(presignRequest());
    }

    /** AWS SDK for Java v2 S3Presigner for the same PUT. */
    @Benchmark
    public String awsSdkPresign() {
        return sdkPresigner.presignPutObject(sdkRequest).url().toString();
    }

    /** Parse + cached key lookup + verify of a presigned PUT. */
    @Benchmark
    public Verification verify() {
        var parsed = verifier.parse(presignedPut, now);
        if (parsed instanceof io.edgestorage.sigv4.ParsedSigV4Auth auth) {
            SigningKey key = keys.get(new KeyId(auth.accessKeyId(), auth.scope()));
            return verifier.verify(auth, presignedPut, key);
        }
        return (Verification) parsed;
    }

    private static SimpleHttpRequest toRequest(String url) {
        URI uri = URI.create(url);
        return SimpleHttpRequest.builder().method("PUT").rawPath(uri.getRawPath()).rawQuery(uri.getRawQuery())
                .header("Host", "127.0.0.1:9000").header("Content-Type", "image/jpeg").build();
    }

    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        new Runner(new CommandLineOptions(args)).run();
    }
}
