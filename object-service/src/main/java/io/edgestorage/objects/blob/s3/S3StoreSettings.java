package io.edgestorage.objects.blob.s3;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Where and how the S3 blob store keeps blobs: the upstream (endpoint, region, bucket, credentials, path or
 * virtual-host style, an optional CA for TLS), the names it uses ({@code prefix} + blob id), and the limits
 * of its traffic.
 *
 * @param multipartThreshold a write declared larger than this, or of unknown length, goes up as an upstream
 *                           multipart upload
 * @param partSize           bytes per upstream part (memory held per part in flight)
 * @param partParallelism    parts of one write in flight at once
 * @param requestTimeout     longest silence on an upstream exchange before it fails (never a hang)
 * @param maxRetries         retries of an idempotent request that failed with a server or connection error
 */
public record S3StoreSettings(URI endpoint, String region, String bucket, String accessKey, String secretKey,
        boolean pathStyle, String prefix, Optional<String> caFile, long multipartThreshold, int partSize,
        int partParallelism, int maxConnections, Duration connectTimeout, Duration requestTimeout, int maxRetries) {

    /** Smallest part S3 accepts but for the last one. */
    public static final int MIN_PART_SIZE = 5 * 1024 * 1024;

    public S3StoreSettings {
        String scheme = endpoint == null ? null : endpoint.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme) || endpoint.getHost() == null) {
            throw new IllegalArgumentException("edge.blobs.s3.endpoint must be an http:// or https:// URL, not "
                    + endpoint);
        }
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("edge.blobs.s3.bucket is required with edge.blob-store=s3");
        }
        if (accessKey == null || accessKey.isBlank() || secretKey == null || secretKey.isBlank()) {
            throw new IllegalArgumentException(
                    "edge.blobs.s3.access-key and edge.blobs.s3.secret-key are required with edge.blob-store=s3");
        }
        if (prefix == null || prefix.isEmpty() || prefix.startsWith("/")) {
            // The orphan sweep deletes what it finds under the prefix: never the whole bucket.
            throw new IllegalArgumentException("edge.blobs.s3.prefix must be a non-empty key prefix such as blobs/");
        }
        if (partSize < MIN_PART_SIZE || partParallelism < 1 || maxConnections < 1 || maxRetries < 0) {
            throw new IllegalArgumentException("edge.blobs.s3: part-size must be at least 5 MiB, part-parallelism"
                    + " and max-connections at least 1, max-retries not negative");
        }
    }

    boolean tls() {
        return "https".equals(endpoint.getScheme());
    }

    int port() {
        return endpoint.getPort() > 0 ? endpoint.getPort() : tls() ? 443 : 80;
    }

    /** The Host header: the host alone on the scheme's default port, as HTTP clients send it. */
    String authority() {
        String host = pathStyle ? endpoint.getHost() : bucket + "." + endpoint.getHost();
        return endpoint.getPort() > 0 && endpoint.getPort() != (tls() ? 443 : 80) ? host + ":" + endpoint.getPort()
                : host;
    }

    String host() {
        return pathStyle ? endpoint.getHost() : bucket + "." + endpoint.getHost();
    }
}
